"""What can be done with the selected stream or media: the "Item" menu, the lists' context menu,
toolbar buttons and shortcuts.

Copy playback URL (signed when the only playable ID is private: the token goes to the clipboard
and nowhere else), copy / open the share link, copy any ID, Open… (Ctrl+L), Edit… (Ctrl+E) and
Delete… (Del) for media, and the Ingest tab for live streams. Everything that may block (signing,
HTTP) runs in the worker pool; results land on the main thread.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from PySide6.QtCore import QItemSelectionModel, QObject, QPoint, Qt, QUrl, SignalInstance
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QStatusBar, QTabWidget, QToolBar

from fastpix_viewer.api import ids
from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.api.playback import PlaybackPlan, Unplayable, share_playback_id, share_url
from fastpix_viewer.ui.actions.edit_dialog import EditDialog
from fastpix_viewer.ui.actions.ingest_panel import IngestPanel
from fastpix_viewer.ui.actions.open_dialog import OpenDialog, show_open_dialog
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.lists.record_list import RecordListPane

SHORTCUTS = {
    "openAnythingAction": "Ctrl+L",
    "copyPlaybackUrlAction": "Ctrl+Shift+C",
    "copyShareLinkAction": "Ctrl+Shift+S",
    "openShareLinkAction": "Ctrl+Shift+B",
    "copyIdAction": "Ctrl+Shift+I",
    "copyStreamKeyAction": "Ctrl+Shift+K",
    "editMediaAction": "Ctrl+E",
}


def item_ids(item: LiveStream | Media) -> list[tuple[str, str]]:
    """(label, ID) for every ID of the item a user may want to copy."""
    out: list[tuple[str, str]] = []
    if isinstance(item, Media):
        out.append(("Media ID", item.id))
        if item.stream_id and ids.is_stream_id(item.stream_id):
            out.append(("Live stream ID", item.stream_id))
    else:
        out.append(("Live stream ID", item.id))
    for p in item.playback_ids:
        if ids.is_uuid(p.id):
            out.append((f"Playback ID ({p.access_policy})", p.id))
    return out


class ItemActionsHost(Protocol):
    """Everything the item actions use of the window that hosts them (the shell's MainWindow)."""

    pool: WorkerPool
    client: FastPixClient | None
    info_tabs: QTabWidget  # the Ingest tab joins Details and Tracks
    play_action: QAction
    streams_pane: RecordListPane
    recordings_pane: RecordListPane
    media_pane: RecordListPane
    currentItemChanged: SignalInstance

    def current_item(self) -> Any: ...
    def menu(self, title: str) -> QMenu: ...
    def show_error(self, title: str, text: str) -> QMessageBox: ...
    def apply_update(self, item: Any) -> None: ...
    def forget_media(self, media_id: str) -> None: ...
    def reveal(self, tab: int, item: LiveStream | Media) -> None: ...
    def play_item(self, item: Any) -> None: ...
    def addAction(self, action: QAction) -> None: ...
    def findChild(self, kind: type, name: str) -> Any: ...
    def statusBar(self) -> QStatusBar: ...


class ItemActions(QObject):
    """Installs the item actions on a MainWindow (see the module docstring)."""

    def __init__(self, window: ItemActionsHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the host is the main window
        self.setObjectName("itemActions")
        self.window = window
        self.item: LiveStream | Media | None = None
        self.confirm_dialog: QMessageBox | None = None
        self.edit_dialog: EditDialog | None = None
        self.open_dialog: OpenDialog | None = None
        self.context_menu: QMenu | None = None

        self.open_action = self._action("openAnythingAction", "&Open…", self.open_anything,
                                        "Open an ID, a link or a webhook payload (Ctrl+L)")
        self.copy_url_action = self._action("copyPlaybackUrlAction", "Copy playback &URL", self.copy_playback_url,
                                            "Copy the HLS URL (signed for private videos)")
        self.copy_share_action = self._action("copyShareLinkAction", "Copy &share link", self.copy_share_link,
                                              "Copy the play.fastpix.com link")
        self.open_share_action = self._action("openShareLinkAction", "Open share link in &browser",
                                              self.open_share_link, "Open the play.fastpix.com page")
        self.copy_id_action = self._action("copyIdAction", "Copy &ID", self.copy_id,
                                           "Copy the media or live stream ID")
        self.copy_key_action = self._action("copyStreamKeyAction", "Copy stream &key (for OBS)",
                                            self.copy_stream_key, "Copy the live stream's key (kept off screen)")
        self.edit_action = self._action("editMediaAction", "&Edit…", self.edit_media,
                                        "Edit the media's title and metadata (Ctrl+E)")
        self.delete_action = self._action("deleteMediaAction", "&Delete…", self.delete_media,
                                          "Delete the media (asks first)")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.copy_ids_menu = QMenu("&More IDs to copy")
        self.copy_ids_menu.setObjectName("copyIdsMenu")
        self.copy_ids_menu.aboutToShow.connect(self._fill_copy_ids_menu)

        self._build_menu()
        self._build_toolbar()
        self._build_context_menus()
        self.ingest_panel = IngestPanel(window.pool, window.client)
        self.ingest_panel.statusMessage.connect(self._status)
        self._ingest_index = window.info_tabs.addTab(self.ingest_panel, "Ingest")
        window.info_tabs.setTabVisible(self._ingest_index, False)
        window.currentItemChanged.connect(self.set_item)
        self.set_item(window.current_item())

    # ------------------------------------------------------------------ building

    def _action(self, name: str, text: str, slot: Any, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if name in SHORTCUTS:
            action.setShortcut(QKeySequence(SHORTCUTS[name]))
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut and shortcut not in tip else tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work wherever the focus is in the window
        return action

    def _item_actions(self) -> list[QAction | None]:
        return [self.copy_url_action, self.copy_share_action, self.open_share_action, self.copy_id_action,
                None, self.copy_key_action, None, self.edit_action, self.delete_action]

    def _build_menu(self) -> None:
        menu = self.window.menu("&Item")
        menu.addAction(self.open_action)
        menu.addSeparator()
        self._fill(menu)

    def _fill(self, menu: QMenu) -> None:
        for action in self._item_actions():
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
            if action is self.copy_id_action:
                menu.addMenu(self.copy_ids_menu)

    def _build_toolbar(self) -> None:
        toolbar = self.window.findChild(QToolBar, "mainToolbar")
        if toolbar is None:
            return
        actions = toolbar.actions()
        play = self.window.play_action
        after = actions.index(play) + 1 if play in actions else len(actions)
        before = actions[after] if after < len(actions) else None
        for action in (self.open_action, self.copy_share_action, self.edit_action):
            toolbar.insertAction(before, action) if before is not None else toolbar.addAction(action)

    def _build_context_menus(self) -> None:
        for pane in (self.window.streams_pane, self.window.recordings_pane, self.window.media_pane):
            view = pane.view
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view: self.show_context_menu(v, pos))

    def show_context_menu(self, view: Any, pos: QPoint) -> None:
        """Select the row under the pointer and offer the item actions for it."""
        menu = self.context_menu_for(view, pos)
        if menu is not None:
            menu.popup(view.viewport().mapToGlobal(pos))

    def context_menu_for(self, view: Any, pos: QPoint) -> QMenu | None:
        """Select the row at `pos` (viewport coordinates); the menu for it, None off the rows."""
        index = view.indexAt(pos)
        if not index.isValid():
            return None
        selection = view.selectionModel()
        if len(selection.selectedRows()) > 1 and selection.isRowSelected(index.row()):
            return None  # a multi-selection: its own menu answers (bulk_actions.py)
        # This row alone (whatever modifier keys Qt last saw: Shift would extend the selection).
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        if self.context_menu is None:
            self.context_menu = QMenu(self.window)
            self.context_menu.setObjectName("itemContextMenu")
            self._fill(self.context_menu)
        return self.context_menu

    # ------------------------------------------------------------------ state

    def set_item(self, item: Any) -> None:
        """The item shown in Details changed (or got fresh data)."""
        self.item = item if isinstance(item, LiveStream | Media) else None
        usable = self.item is not None and self.window.client is not None
        has_pid = usable and share_playback_id(self.item) is not None
        is_media = usable and isinstance(self.item, Media)
        is_stream = usable and isinstance(self.item, LiveStream)
        self.open_action.setEnabled(self.window.client is not None)
        self.copy_url_action.setEnabled(has_pid)
        self.copy_share_action.setEnabled(has_pid)
        self.open_share_action.setEnabled(has_pid)
        self.copy_id_action.setEnabled(self.item is not None)
        self.copy_ids_menu.setEnabled(self.item is not None)
        self.copy_key_action.setEnabled(is_stream)
        self.edit_action.setEnabled(is_media)
        self.delete_action.setEnabled(is_media)
        tabs = self.window.info_tabs
        tabs.setTabVisible(self._ingest_index, is_stream)
        self.ingest_panel.set_stream(self.item if is_stream else None)
        if not is_stream and tabs.currentWidget() is self.ingest_panel:
            tabs.setCurrentIndex(0)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(" ".join(text.split()), 15000)

    @staticmethod
    def _copy(text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    # ------------------------------------------------------------------ copy / share

    def copy_playback_url(self) -> None:
        item, client = self.item, self.window.client
        if item is None or client is None:
            return
        # Signing loads the key and runs RSA: kept off the main thread like any other work.
        self.window.pool.run(lambda: client.choose_playback(item), on_done=self._on_plan,
                             on_error=lambda exc: self._status("Could not build the playback URL: "
                                                               + describe_failure(exc)),
                             owner=self, key=("copy-url", id(self)))

    def _on_plan(self, plan: PlaybackPlan | Unplayable) -> None:
        if isinstance(plan, Unplayable):
            self._status("No playback URL to copy: " + plan.message)
            return
        self._copy(plan.url)
        if plan.signed and plan.expires_at is not None:
            until = time.strftime("%H:%M", time.localtime(plan.expires_at))
            self._status(f"Copied the signed playback URL (private video; it works until {until}).")
        else:
            self._status("Copied the playback URL.")

    def share_link(self) -> str | None:
        pid = share_playback_id(self.item) if self.item is not None else None
        return share_url(pid) if pid is not None else None

    def copy_share_link(self) -> None:
        link = self.share_link()
        if link is not None:
            self._copy(link)
            self._status("Copied the share link.")

    def open_share_link(self) -> None:
        link = self.share_link()
        if link is not None and not QDesktopServices.openUrl(QUrl(link)):
            self.window.show_error("Could not open the browser", f"No browser opened {link}; copy the link instead.")

    def copy_id(self, item_id: str | None = None) -> None:
        if self.item is None:
            return
        value = item_id or self.item.id
        self._copy(value)
        self._status(f"Copied {value}.")

    def _fill_copy_ids_menu(self) -> None:
        menu = self.copy_ids_menu
        menu.clear()
        if self.item is None:
            return
        for n, (label, value) in enumerate(item_ids(self.item)):
            action = menu.addAction(f"{label}: {value}")
            action.setObjectName(f"copyIdEntry{n}")
            action.triggered.connect(lambda _checked=False, v=value: self.copy_id(v))

    def copy_stream_key(self) -> None:
        if isinstance(self.item, LiveStream):
            self.ingest_panel.copy_stream_key()

    # ------------------------------------------------------------------ open / edit / delete

    def open_anything(self) -> OpenDialog | None:
        if self.open_dialog is not None and self.open_dialog.isVisible():
            self.open_dialog.raise_()
            self.open_dialog.activateWindow()
            return self.open_dialog
        dialog = show_open_dialog(self.window)
        if dialog is not None:
            # It deletes itself on close: forget it then, so the next Ctrl+L opens a new one.
            dialog.destroyed.connect(lambda _obj=None: setattr(self, "open_dialog", None))
        self.open_dialog = dialog
        return dialog

    def edit_media(self) -> EditDialog | None:
        item, client = self.item, self.window.client
        if not isinstance(item, Media) or client is None:
            return None
        if self.edit_dialog is not None and self.edit_dialog.isVisible():
            self.edit_dialog.raise_()
            return self.edit_dialog
        dialog = EditDialog(item, self.window.pool, client, self._on_edited, self.window,
                            on_differs=self._on_edit_differs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "edit_dialog", None))
        self.edit_dialog = dialog
        dialog.open()
        return dialog

    def _on_edited(self, media: Media) -> None:
        self.window.apply_update(media)
        self._status(f"Saved “{item_title(media)}”.")

    def _on_edit_differs(self, media: Media) -> None:
        # Not "saved": the lists show what FastPix now holds; the dialog says what differs.
        self.window.apply_update(media)
        self._status(f"FastPix did not apply the whole change to “{item_title(media)}”.")

    def delete_media(self) -> QMessageBox | None:
        bulk = getattr(self.window, "bulk_actions", None)
        if bulk is not None and bulk.count() > 1:  # Del with several rows selected: all of them
            return bulk.delete_selected()
        item, client = self.item, self.window.client
        if not isinstance(item, Media) or client is None:
            return None
        if self.confirm_dialog is not None:  # already asking
            self.confirm_dialog.raise_()
            return self.confirm_dialog
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete media", "", QMessageBox.StandardButton.NoButton,
                          self.window)
        box.setObjectName("deleteConfirmDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"Delete “{item_title(item)}”?\nMedia ID: {item.id}\n\n"
                    "FastPix removes the video and its playback IDs. This cannot be undone.")
        delete_button = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        delete_button.setObjectName("confirmDeleteButton")
        cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel_button.setObjectName("cancelDeleteButton")
        box.setDefaultButton(cancel_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def decided(_result: int) -> None:
            self.confirm_dialog = None
            if box.clickedButton() is delete_button:
                self._send_delete(item)

        box.finished.connect(decided)
        self.confirm_dialog = box
        box.open()
        return box

    def _send_delete(self, media: Media) -> None:
        client = self.window.client
        self._status(f"Deleting “{item_title(media)}”…")
        self.window.pool.run(client.delete_media, media.id,
                             on_done=lambda _r: self._on_deleted(media),
                             on_error=lambda exc: self.window.show_error(
                                 "Not deleted", f"“{item_title(media)}” was not deleted: {describe_failure(exc)}"),
                             owner=self, key=("delete", media.id))

    def _on_deleted(self, media: Media) -> None:
        self.window.forget_media(media.id)
        self._status(f"Deleted “{item_title(media)}”.")


__all__ = ["ItemActions", "item_ids", "share_playback_id"]
