"""The app-level owner of "which workspace is open": the current Session and its MainWindow.

Switching rebuilds the window rather than re-pointing one at a new client: the new session
is opened on a worker (keyring reads, demo start-up), the old window saves its state and
shuts down (player released, its jobs cancelled), a fresh window is shown, and the old
session is closed off the main thread. Nothing of the old workspace can leak into the new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar, QToolButton

from fastpix_viewer.api import FastPixClient, Workspace
from fastpix_viewer.api.profiles import ProfileStore
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.head_start import HeadStart
from fastpix_viewer.ui.workspaces.connect_form import Connected
from fastpix_viewer.ui.workspaces.dialogs import WelcomeDialog, WorkspaceDialog
from fastpix_viewer.ui.workspaces.targets import DEMO, Target, list_targets, open_target

log = logging.getLogger(__name__)

NO_WORKSPACE_NOTICE = (
    "No FastPix workspace is open. Use the Workspace button in the toolbar (or the Workspace "
    "menu) to connect one, or to try the demo workspace."
)
MAX_SHORTCUTS = 9

WindowFactory = Callable[[Session | None, str | None], Any]  # -> MainWindow


class WorkspaceController(QObject):
    """See the module docstring. `window` and `session` are the current ones (either may be None)."""

    windowChanged = Signal(object)
    switchFailed = Signal(str)

    def __init__(
        self,
        pool: WorkerPool,
        store: ProfileStore,
        window_factory: WindowFactory,
        *,
        client_options: Callable[[], dict[str, Any]] | None = None,
        window_hooks: list[Callable[[Any], None]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = pool
        self.store = store
        self.window_factory = window_factory
        self.client_options = client_options or dict
        self.window_hooks = list(window_hooks or [])
        self.session_only: dict[str, Workspace] = {}  # never written anywhere
        self.window: Any = None
        self.session: Session | None = None
        self.current: Target | None = None
        self.switching: Target | None = None
        self.dialog: Any = None

    # ------------------------------------------------------------------ queries

    def targets(self) -> list[Target]:
        return list_targets(self.store, self.session_only)

    def client_factory(self, workspace: Workspace) -> FastPixClient:
        return FastPixClient(workspace, **self.client_options())

    # ------------------------------------------------------------------ start / switch

    def start(self, session: Session | None, target: Target | None, notice: str | None = None, *,
              welcome: bool = False) -> None:
        """Show the first window (`session` already open); `welcome` opens the welcome dialog over it."""
        from fastpix_viewer.ui.shell.main_window import NO_WORKSPACE_HELP

        if session is None and (not notice or notice == NO_WORKSPACE_HELP):
            notice = NO_WORKSPACE_NOTICE  # the window's own text points at the command line
        self._install(session, target, notice)
        if welcome:
            self.show_welcome()

    def switch_to(self, target: Target, *, force: bool = False) -> None:
        """Open `target` in the background and replace the window once it is open."""
        if not force and (target == self.current or target == self.switching):
            return
        self.switching = target
        if self.window is not None:
            self.window.statusBar().showMessage(f"Opening {target.label}…")
        self.pool.run(
            open_target, target, self.store, dict(self.session_only), self.client_options,
            on_done=lambda session: self._on_opened(target, session),
            on_error=lambda problem: self._on_open_failed(target, problem),
            owner=self, key="switch-workspace",
        )

    def _on_opened(self, target: Target, session: Session) -> None:
        if self.switching != target:  # superseded by a later choice
            self.pool.run(session.close)
            return
        self.switching = None
        self._install(session, target, None)

    def _on_open_failed(self, target: Target, problem: BaseException) -> None:
        if self.switching == target:
            self.switching = None
        message = getattr(problem, "user_message", None) or f"{type(problem).__name__}"
        log.warning("could not open %s: %s", target.label, message)
        self.switchFailed.emit(message)
        if self.window is not None:
            self.window.show_error("Could not open the workspace", f"{target.label}: {message}")

    def _install(self, session: Session | None, target: Target | None, notice: str | None) -> None:
        old_window, old_session = self.window, self.session
        if old_window is not None:
            self._close_dialog()
            try:
                old_window.save_state()
            except Exception:
                log.exception("could not save the window state")
        if session is not None and session.head_start is None:
            # The first page of live streams is asked for now: it arrives while the window is
            # built, so the window's first paint shows it (shell.head_start).
            session.head_start = HeadStart(self.pool, session.client)
        window = self.window_factory(session, notice)
        self.window, self.session, self.current = window, session, target if session is not None else None
        self._decorate(window)
        window.refresh()  # the first page is on its way while the window is shown and painted
        window.show()
        for hook in self.window_hooks:
            hook(window)
        if old_window is not None:
            old_window.close()  # shuts its player and jobs down
            old_window.deleteLater()
        if old_session is not None:
            self.pool.run(old_session.close)  # stopping a demo sandbox may take a moment
        self.windowChanged.emit(window)

    def shutdown(self) -> None:
        """App exit: the window first (player, jobs), then the session."""
        self._close_dialog()
        if self.window is not None:
            self.window.shutdown()
        if self.session is not None:
            self.session.close()

    # ------------------------------------------------------------------ the toolbar switcher

    def _decorate(self, window: Any) -> None:
        menu = window.menu("&Workspace")
        menu.aboutToShow.connect(lambda m=menu: self._fill_menu(m))
        self._fill_menu(menu)  # so its actions exist (and are testable) before the first click
        button = QToolButton(window)
        button.setObjectName("workspaceSwitcher")
        button.setText(f"Workspace: {self.current.label}" if self.current else "No workspace")
        button.setToolTip("Switch, add, edit or remove workspaces (Ctrl+1…9 switch directly)")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setMenu(menu)
        toolbar = window.findChild(QToolBar, "mainToolbar")
        label = getattr(window, "workspace_label", None)
        label_action = next((a for a in toolbar.actions() if toolbar.widgetForAction(a) is label), None) \
            if toolbar is not None else None
        if label_action is not None:
            toolbar.insertWidget(label_action, button)
            label_action.setVisible(False)
        elif toolbar is not None:
            toolbar.addWidget(button)
        window.workspace_switcher = button
        for n in range(1, MAX_SHORTCUTS + 1):
            action = QAction(f"Switch to workspace {n}", window)
            action.setObjectName(f"switchWorkspace{n}")
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _checked=False, n=n: self.switch_to_number(n))
            window.addAction(action)

    def switch_to_number(self, n: int) -> None:
        targets = self.targets()
        if 1 <= n <= len(targets):
            self.switch_to(targets[n - 1])
        elif self.window is not None:
            self.window.statusBar().showMessage(f"There is no workspace {n}.", 5000)

    def _fill_menu(self, menu: QMenu) -> None:
        menu.clear()
        for n, target in enumerate(self.targets(), start=1):
            text = target.label.replace("&", "&&") + (f"\tCtrl+{n}" if n <= MAX_SHORTCUTS else "")
            action = menu.addAction(text)
            action.setObjectName(f"workspaceEntry{n}")
            action.setCheckable(True)
            action.setChecked(target == self.current)
            action.triggered.connect(lambda _checked=False, t=target: self.switch_to(t))
        menu.addSeparator()
        add = menu.addAction("&Add workspace…")
        add.setObjectName("addWorkspaceAction")
        add.triggered.connect(self.add_workspace)
        # A session-only workspace can be edited too (e.g. to add a signing key), not removed.
        editable = self.current is not None and self.current.kind in ("profile", "session")
        removable = self.current is not None and self.current.kind == "profile"
        name = self.current.name if editable and self.current else ""
        edit = menu.addAction(f"&Edit “{name}”…" if editable else "&Edit workspace…")
        edit.setObjectName("editWorkspaceAction")
        edit.setEnabled(editable)
        edit.triggered.connect(self.edit_current)
        remove = menu.addAction(f"&Remove “{name}”…" if removable else "&Remove workspace…")
        remove.setObjectName("removeWorkspaceAction")
        remove.setEnabled(removable)
        remove.triggered.connect(self.remove_current)

    # ------------------------------------------------------------------ dialogs

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            form = getattr(self.dialog, "form", None)
            if form is not None:
                form.cancel()
            self.dialog.close()
            self.dialog = None

    def _show(self, dialog: Any) -> Any:
        self._close_dialog()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._forget_dialog(d))
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: Any) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def show_welcome(self) -> WelcomeDialog:
        dialog = WelcomeDialog(self.store, self.pool, self.client_factory, parent=self.window)
        dialog.connected.connect(self._on_connected)
        dialog.demoRequested.connect(lambda: self.switch_to(DEMO))
        return self._show(dialog)

    def add_workspace(self) -> WorkspaceDialog:
        dialog = WorkspaceDialog(self.store, self.pool, self.client_factory, parent=self.window)
        dialog.connected.connect(self._on_connected)
        return self._show(dialog)

    def edit_current(self) -> WorkspaceDialog | None:
        if self.current is not None and self.current.kind == "session":
            return self._edit_session(self.current.name)
        if self.current is None or self.current.kind != "profile":
            return None
        profile = self.store.get(self.current.name)
        dialog = WorkspaceDialog(self.store, self.pool, self.client_factory, editing=profile, parent=self.window)
        # The open session was made with the old values: reopen it with the new ones.
        dialog.connected.connect(lambda result: self._on_connected(result, force=True))
        return self._show(dialog)

    def _edit_session(self, name: str) -> WorkspaceDialog | None:
        workspace = self.session_only.get(name)
        if workspace is None:
            return None
        dialog = WorkspaceDialog(self.store, self.pool, self.client_factory, editing_session=workspace,
                                 parent=self.window)

        def saved(result: Connected) -> None:
            if result.name != name:
                self.session_only.pop(name, None)  # renamed: one entry, under the new name
            self._on_connected(result, force=True)

        dialog.connected.connect(saved)
        return self._show(dialog)

    def _on_connected(self, result: Connected, *, force: bool = False) -> None:
        if result.session_only:
            self.session_only[result.name] = result.workspace  # type: ignore[assignment]
            self.switch_to(Target("session", result.name), force=force)
        else:
            self.switch_to(Target("profile", result.name), force=force)

    def remove_current(self) -> QMessageBox | None:
        if self.current is None or self.current.kind != "profile" or self.window is None:
            return None
        name = self.current.name
        box = QMessageBox(QMessageBox.Icon.Question, "Remove workspace",
                          "", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("removeWorkspaceConfirm")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Remove the workspace “{name}” from this computer?\n\n"
                    "Its secret key is deleted from the system keyring. Nothing changes in FastPix itself.")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("&Remove")
        remove = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(lambda clicked: self._remove(name) if clicked is remove else None)
        return self._show(box)

    def _remove(self, name: str) -> None:
        store = self.store

        def removed(left: list[str] | None) -> None:
            self.current = None  # so the switch below is not skipped
            remaining = [t for t in self.targets() if t.kind == "profile"]
            if remaining:
                self.switch_to(remaining[0])
            else:
                self._install(None, None, NO_WORKSPACE_NOTICE)
            if left and self.window is not None:  # a secret stayed behind: say so, and where
                self.window.show_error("The workspace was removed, but not its secret", "\n\n".join(left))

        self.pool.run(store.remove, name, on_done=removed,
                      on_error=lambda problem: self.window.show_error(
                          "Could not remove the workspace", getattr(problem, "user_message", str(problem))),
                      owner=self)
