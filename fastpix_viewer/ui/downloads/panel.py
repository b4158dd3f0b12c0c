"""The downloads panel (a dock at the bottom) and the download actions of the window.

`DownloadsPanel` shows one row per `DownloadTask`: file name, progress bar, speed, time left
or state, and Cancel / Resume / Open folder. `DownloadActions` holds "Download MP4",
"Download audio", "Download folder…" and the panel toggle; on an item without a ready file the first two say
why (unavailable.py) instead of doing nothing; it asks before closing with downloads running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.downloads.manager import (
    AUDIO,
    CANCELLED,
    DONE,
    FAILED,
    MP4,
    QUEUED,
    RUNNING,
    DownloadManager,
    DownloadTask,
    ready_rendition,
)
from fastpix_viewer.ui.downloads.unavailable import explain_no_file

log = logging.getLogger(__name__)


def size_text(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def duration_text(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s left"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s left"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min left"


def _plain_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class DownloadRow(QWidget):
    def __init__(self, task: DownloadTask, manager: DownloadManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downloadRow")
        self.task = task
        self._manager = manager
        self.name_label = _plain_label("downloadName")
        # Long names must not push the other columns around: every row lines up. The widths
        # give way down to a minimum, so a whole row fits a 1000 px window (issue 16 item 19).
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.name_label.setMinimumWidth(120)
        self.bar = QProgressBar()
        self.bar.setObjectName("downloadProgress")
        self.bar.setTextVisible(True)
        self.bar.setMinimumWidth(110)
        self.bar.setMaximumWidth(260)
        self.bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.speed_label = _plain_label("downloadSpeed")
        self.speed_label.setFixedWidth(self.fontMetrics().horizontalAdvance("999.9 MB/s") + 8)
        self.speed_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.state_label = _plain_label("downloadState")
        self.state_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.state_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("99 min 59 s left") + 8)
        self.state_label.setMaximumWidth(200)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("downloadCancelButton")
        self.cancel_button.clicked.connect(lambda: manager.cancel(self.task))
        self.resume_button = QPushButton("Resume")
        self.resume_button.setObjectName("downloadResumeButton")
        self.resume_button.clicked.connect(lambda: manager.resume(self.task))
        self.open_button = QPushButton("Open folder")
        self.open_button.setObjectName("downloadOpenFolderButton")
        self.open_button.clicked.connect(self._open_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.name_label, 3)
        layout.addWidget(self.bar, 2)
        layout.addWidget(self.speed_label)
        layout.addWidget(self.state_label, 1)
        for button in (self.cancel_button, self.resume_button, self.open_button):
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # rows stay aligned whichever buttons show
            button.setSizePolicy(policy)
            layout.addWidget(button)
        self.refresh()

    def refresh(self) -> None:
        task = self.task
        self.name_label.setText(task.name)
        self.name_label.setToolTip(str(task.destination).replace("&", "&amp;").replace("<", "&lt;"))
        if task.total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(task.done, task.total) / task.total))
            self.bar.setFormat(f"{size_text(task.done)} of {size_text(task.total)}")
        else:
            self.bar.setRange(0, 0 if task.state == RUNNING else 1)
            self.bar.setValue(0)
            self.bar.setFormat(size_text(task.done))
        speed = task.speed if task.state == RUNNING else None
        self.speed_label.setText(f"{size_text(speed)}/s" if speed else "")
        if task.state == RUNNING:
            eta = task.eta
            state = duration_text(eta) if eta is not None else "Downloading…"
        else:
            state = {QUEUED: "Waiting…", CANCELLED: "Cancelled", DONE: "Done",
                     FAILED: "Failed: " + task.error}.get(task.state, task.state)
        self.state_label.setText(state)
        self.state_label.setToolTip(state.replace("&", "&amp;").replace("<", "&lt;"))
        self.cancel_button.setVisible(task.active)
        self.resume_button.setVisible(task.state in (CANCELLED, FAILED))

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.task.destination.parent)))


class DownloadsPanel(QDockWidget):
    def __init__(self, manager: DownloadManager, parent: QWidget | None = None) -> None:
        super().__init__("Downloads", parent)
        self.setObjectName("downloadsPanel")
        self.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.TopDockWidgetArea)
        self._manager = manager
        self.rows: dict[int, DownloadRow] = {}
        body = QWidget()
        body.setObjectName("downloadsBody")
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.empty_label = _plain_label("downloadsEmptyLabel")
        self.empty_label.setText("No downloads yet. Select a ready media and choose Item › Download MP4 (Ctrl+D).")
        self.empty_label.setMargin(8)
        self._layout.addWidget(self.empty_label)
        self._layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("downloadsScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.scroll = scroll
        self.setWidget(scroll)
        manager.taskAdded.connect(self._add_row)
        manager.taskChanged.connect(self._update_row)

    def _add_row(self, task: DownloadTask) -> None:
        row = DownloadRow(task, self._manager)
        self.rows[task.id] = row
        self.empty_label.hide()
        self._layout.insertWidget(self._layout.count() - 1, row)
        self.show()
        self.raise_()
        self._fit_rows(row)

    def _fit_rows(self, row: DownloadRow) -> None:
        """Whole rows: the panel is never shorter than one row, scrolls a row at a time, and
        grows to show up to three rows as they come (never shrinks what the user chose)."""
        step = row.sizeHint().height() + self._layout.spacing()
        frame = 2 * self.scroll.frameWidth()
        self.scroll.setMinimumHeight(step + frame)
        self.scroll.verticalScrollBar().setSingleStep(step)
        shown = min(len(self.rows), 3) * step
        window = self.parentWidget()
        if isinstance(window, QMainWindow) and self.scroll.viewport().height() < shown:
            # The dock's height is its title bar and frame plus the rows.
            extra = self.height() - self.scroll.viewport().height() if self.height() > 0 else frame
            window.resizeDocks([self], [shown + extra], Qt.Orientation.Vertical)

    def _update_row(self, task: DownloadTask) -> None:
        row = self.rows.get(task.id)
        if row is not None:
            row.refresh()

    def row_for(self, task: DownloadTask) -> DownloadRow | None:
        return self.rows.get(task.id)


class DownloadActions(QObject):
    """The actions, their enabled state, and the question on closing (see the module docstring)."""

    def __init__(self, window: QMainWindow, manager: DownloadManager, panel: DownloadsPanel) -> None:
        super().__init__(window)
        self._window = window
        self.manager = manager
        self.panel = panel
        self.close_dialog: QMessageBox | None = None
        self.no_file_dialog: QMessageBox | None = None
        # Hook for the clips feature (issue 17): turns MP4 files on for a media and downloads
        # it when ready. Set, the "nothing to download" box offers "Enable MP4 and download".
        self.enable_mp4: Callable[[Media], None] | None = None
        self._may_close = False
        # Download of a ready media without an MP4: who offers to make one (the clips feature
        # sets it: "Enable MP4 and download when ready"); None: the action stays disabled.
        self.no_mp4_offer: Callable[[Media], object] | None = None
        self.mp4_action = QAction("Download &MP4", window)
        self.mp4_action.setObjectName("downloadMp4Action")
        self.mp4_action.setShortcut(QKeySequence("Ctrl+D"))
        self.mp4_action.setToolTip("Save the selected media's MP4 file, or say why there is none (Ctrl+D)")
        self.mp4_action.triggered.connect(lambda: self._download(MP4))
        self.audio_action = QAction("Download &audio", window)
        self.audio_action.setObjectName("downloadAudioAction")
        self.audio_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.audio_action.setToolTip("Save the selected media's audio (M4A) file (Ctrl+Shift+D)")
        self.audio_action.triggered.connect(lambda: self._download(AUDIO))
        self.folder_action = QAction("Download &folder…", window)
        self.folder_action.setObjectName("downloadFolderAction")
        self.folder_action.triggered.connect(self.choose_folder)
        self.panel_action = panel.toggleViewAction()
        self.panel_action.setObjectName("downloadsPanelAction")
        self.panel_action.setText("&Downloads")
        self.panel_action.setShortcut(QKeySequence("Ctrl+J"))
        window.installEventFilter(self)
        self.update_actions()

    def update_actions(self) -> None:
        # Enabled for any stream or media: on one without a ready file the action says why
        # (a greyed-out Ctrl+D that does nothing leaves the user guessing).
        item = self._window.current_item() if hasattr(self._window, "current_item") else None
        usable = getattr(self._window, "client", None) is not None and isinstance(item, LiveStream | Media)
        self.mp4_action.setEnabled(usable)
        self.audio_action.setEnabled(usable)

    def _download(self, kind: str) -> None:
        bulk = getattr(self._window, "bulk_actions", None)
        if kind == MP4 and bulk is not None and bulk.count() > 1:  # Ctrl+D on several rows: all of them
            bulk.download_selected()
            return
        self.update_actions()
        item = self._window.current_item()
        if ready_rendition(item, kind) is not None:
            self.manager.request(item, kind)
        elif kind == MP4 and self.no_mp4_offer is not None and isinstance(item, Media) and item.is_ready:
            self.no_mp4_offer(item)  # the clips feature: turn MP4 on (or wait for it), then download
        elif getattr(self._window, "client", None) is not None:
            if self.no_file_dialog is not None:
                self.no_file_dialog.close()
            self.no_file_dialog = explain_no_file(self._window, item, kind,
                                                  self.enable_mp4 if kind == MP4 else None)
            self.no_file_dialog.finished.connect(lambda _r: setattr(self, "no_file_dialog", None))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, "Download folder", str(self.manager.folder()))
        if folder:
            self.manager.set_folder(Path(folder))

    # ------------------------------------------------------------------ closing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            if self.manager.active_count() and not self._may_close and not self._replaced():
                if self.close_dialog is None or event.spontaneous():
                    event.ignore()
                    self._ask_close()
                    return True
                # Asked to close again while the question is open (Ctrl+C twice): stop and go.
                self.close_dialog.close()
            self.manager.cancel_all()
            self.manager.shutdown()
        return False

    def _replaced(self) -> bool:
        """Another main window is showing (a workspace switch closes this one): no question,
        the downloads stop cleanly and their .part files stay for later."""
        others = [w for w in QApplication.topLevelWidgets()
                  if w is not self._window and isinstance(w, QMainWindow) and w.isVisible()]
        return bool(others)

    def _ask_close(self) -> None:
        if self.close_dialog is not None:
            self.close_dialog.raise_()
            return
        count = self.manager.active_count()
        box = QMessageBox(QMessageBox.Icon.Question, "Downloads running", "",
                          QMessageBox.StandardButton.NoButton, self._window)
        box.setObjectName("closeDownloadsDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"{count} download{'s are' if count != 1 else ' is'} still running. Stop "
                    f"{'them' if count != 1 else 'it'} and quit? Resume later from the Downloads panel "
                    "continues where it stopped.")
        quit_button = box.addButton("Stop and quit", QMessageBox.ButtonRole.AcceptRole)
        quit_button.setObjectName("closeDownloadsQuitButton")
        stay = box.addButton("Keep downloading", QMessageBox.ButtonRole.RejectRole)
        stay.setObjectName("closeDownloadsStayButton")
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: Any) -> None:
            self.close_dialog = None
            if button is quit_button:
                self._may_close = True
                self.manager.cancel_all()
                QTimer.singleShot(0, self._window.close)

        box.buttonClicked.connect(answered)
        self.close_dialog = box
        box.open()


def install_downloads(window: Any) -> DownloadActions:
    """Wire downloads into the main window: the bottom dock (hidden until used), the Item and
    View menu entries, the media and recordings context menus, and the enabled state."""
    manager = DownloadManager(window.pool, window.client, window.settings, window)
    panel = DownloadsPanel(manager, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
    panel.hide()
    actions = DownloadActions(window, manager, panel)
    item_menu = window.menu("&Item")
    item_menu.addSeparator()
    item_menu.addAction(actions.mp4_action)
    item_menu.addAction(actions.audio_action)
    item_menu.addAction(actions.folder_action)
    window.menu("&View").addAction(actions.panel_action)

    def join_item_context_menu(*_args: Any) -> None:
        # The Item actions' context menu is built on first use (its slot runs before this
        # one): the download actions join it then, once.
        menu = getattr(getattr(window, "item_actions", None), "context_menu", None)
        if menu is not None and actions.mp4_action not in menu.actions():
            menu.addSeparator()
            menu.addAction(actions.mp4_action)
            menu.addAction(actions.audio_action)

    for pane in (window.media_pane, window.recordings_pane):
        view = pane.view
        if view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
            view.customContextMenuRequested.connect(join_item_context_menu)
        else:  # no shared context menu in this build: the view's own action list
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            view.addAction(actions.mp4_action)
            view.addAction(actions.audio_action)
    window.currentItemChanged.connect(lambda _item: actions.update_actions())
    return actions


__all__ = ["DownloadActions", "DownloadRow", "DownloadsPanel", "install_downloads"]
