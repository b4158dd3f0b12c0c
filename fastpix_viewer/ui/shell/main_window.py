"""The main window: stream/media lists on the left, player and details/tracks on the right.

Data flow: `PagedLoader`s fill the stream and media tables in the background; selecting a
row shows its list data at once and fetches fresh details in a pool job (a newer
selection supersedes it, a stale answer is dropped); selecting a stream lists its
recordings (newest first) through a `RecordingsLoader`. Playing goes through the
`PlaybackController` (playback ID choice, pre-flight, polling), which owns the
`PlayerPanel` while the window owns its layout.

All API text reaches the screen as plain text: item views draw it literally, labels and
message boxes are set to `Qt.PlainText`, tooltips are escaped by the models.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
    QPolygon,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.errors import NotFoundError
from fastpix_viewer.api.models import LiveStream, Media, Unreadable
from fastpix_viewer.api.recordings import KIND_CLIP, KIND_LIVE_CLIP, KIND_RECORDING, RecordingIndex
from fastpix_viewer.ui.actions.item_actions import ItemActions
from fastpix_viewer.ui.core.banner import ErrorBanner
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.items import MEDIA_TAB, STREAMS_TAB, item_title, same_item
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.details.details_view import DetailsView
from fastpix_viewer.ui.details.tracks import STATUS_COLUMN, TracksModel
from fastpix_viewer.ui.lists import columns
from fastpix_viewer.ui.lists.record_list import (
    MEDIA_STATUS_OPTIONS,
    STREAM_STATUS_OPTIONS,
    RecordListPane,
)
from fastpix_viewer.ui.lists.status_badge import StatusBadgeDelegate
from fastpix_viewer.ui.lists.thumbnails import ThumbnailPreview, ThumbnailService
from fastpix_viewer.ui.shell.paged_loader import PagedLoader, RecordingsLoader
from fastpix_viewer.ui.sync.offline import OfflineCache

log = logging.getLogger(__name__)

APP_TITLE = "FastPix Recording Browser"
NO_WORKSPACE_PLAYER_HINT = "No workspace yet: the note on the left says how to add one."
IDLE_HINT = "Select a recording or a live stream and press Enter (or double-click it) to play."


NO_WORKSPACE_HELP = (
    "No FastPix workspace is set up yet.\n\n"
    "Add one from a terminal with `fastpix-viewer profiles add NAME` (it asks for the "
    "Access Token ID and Secret Key), or set FASTPIX_TOKEN_ID and FASTPIX_SECRET_KEY.\n"
    "To look around first, start `fastpix-viewer --demo`."
)


def _raw_tracks(item: Any) -> list[dict]:
    raw = item.raw.get("tracks") if isinstance(item, Media) else None
    if not isinstance(raw, list | tuple):
        return []
    return [dict(t) for t in raw if isinstance(t, Mapping)]


_placeholder_icon: QIcon | None = None


def thumbnail_placeholder(_obj: Any) -> QIcon:
    """A neutral 16:9 picture with a play mark (issue 6 replaces it with real thumbnails)."""
    global _placeholder_icon
    if _placeholder_icon is None:
        pixmap = QPixmap(QSize(32, 18))
        pixmap.fill(QColor("#5b6770"))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#eef1f3"))
        from PySide6.QtCore import QPoint

        painter.drawPolygon(QPolygon([QPoint(13, 4), QPoint(13, 14), QPoint(21, 9)]))
        painter.end()
        _placeholder_icon = QIcon(pixmap)
    return _placeholder_icon


def _load_controller_class() -> Any:
    # Written in parallel by another helper; the window still browses without it.
    try:
        from fastpix_viewer.ui.playback.controller import PlaybackController
    except ImportError as missing:
        log.warning("playback controller unavailable: %s", missing)
        return None
    return PlaybackController


class MainWindow(QMainWindow):
    """See the module docstring. `session` None: no workspace (a help text is shown)."""

    currentItemChanged = Signal(object)  # the item shown in Details (None: nothing), after every change

    def __init__(
        self,
        session: Session | None,
        pool: WorkerPool,
        settings: UiSettings,
        *,
        notice: str | None = None,
        player_factory: Callable[[QWidget | None], Any] | None = None,
        cache_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self.pool = pool
        self.settings = settings
        self.client = session.client if session is not None else None
        self._tab_item: dict[int, Any] = {}
        self._current: Any = None
        self._restore_pending: dict[str, str] = {}
        self._closed = False
        self._error_dialog: QMessageBox | None = None

        # Thumbnails and the offline cache (issue 6); `cache_dir` None keeps nothing on disk.
        # The demo's address changes every run (it is in every key), so nothing of it is kept.
        kept_dir = None if session is None or session.is_demo or session.memory_only else cache_dir
        self.thumbnails = ThumbnailService(pool, self.client, kept_dir, self)
        self.offline = OfflineCache(pool, self.client, kept_dir, self)
        self.streams_model = columns.stream_model(self)
        # Which media are recordings: the ones a stream lists in mediaIds (api.recordings).
        # Unknown until the streams listing (fresh or cached) is complete.
        self.recording_index = RecordingIndex()
        self._streams_known = False
        self._kinds_stale = False
        self.media_model = columns.media_model(self, decoration=self.thumbnails.decoration,
                                               recordings=lambda: self.recording_index)
        self.recordings_model = columns.recording_model(self.thumbnails.decoration, self)
        self.thumbnails.attach(self.media_model)
        self.thumbnails.attach(self.recordings_model)

        self._build_lists()
        self._build_player(player_factory)
        self._build_details()
        self._build_layout()
        self._build_actions()
        self._build_loaders()
        self.item_actions = ItemActions(self)  # Item menu, context menus, Open…/Edit…/Delete…, Ingest tab
        self.offline.attach(self)
        self._build_refresh_and_downloads()
        self._set_title(None)
        self.resize(1280, 800)
        self._restore_state()
        self.streams_pane.view.setFocus()  # Enter plays straight away
        if session is None:
            self._show_notice(notice or NO_WORKSPACE_HELP)
        elif notice:
            self._show_notice(notice)

    # ------------------------------------------------------------------ construction

    def _build_lists(self) -> None:
        self.streams_pane = RecordListPane(self.streams_model, status_options=STREAM_STATUS_OPTIONS)
        self.streams_pane.setObjectName("streamsPane")
        self.recordings_pane = RecordListPane(self.recordings_model, status_options=MEDIA_STATUS_OPTIONS)
        self.recordings_pane.setObjectName("recordingsPane")
        self.thumbnails.fit_view(self.recordings_pane.view)
        self.media_pane = RecordListPane(
            self.media_model, status_options=MEDIA_STATUS_OPTIONS,
            recordings_predicate=columns.recordings_predicate(lambda: self.recording_index),
        )
        self.media_pane.setObjectName("mediaPane")
        self.thumbnails.fit_view(self.media_pane.view)
        self.streams_banner = ErrorBanner("streams")
        self.recordings_banner = ErrorBanner("recordings")
        self.media_banner = ErrorBanner("media")
        for pane in (self.streams_pane, self.recordings_pane, self.media_pane):
            pane.apply_column_layout(columns.COLUMN_WIDTHS, stretch=pane.model.columns[0].key,
                                     hidden=columns.HIDDEN_KEYS.get(pane.objectName(), ()))
            pane.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            # `activated` is Enter/Return and (per platform style) double-click.
            pane.view.activated.connect(lambda _index, p=pane: self.play_item(p.current_object()))
        self.streams_pane.currentObjectChanged.connect(self._on_stream_selected)
        self.recordings_pane.currentObjectChanged.connect(lambda obj: self._on_item_selected(STREAMS_TAB, obj))
        self.media_pane.currentObjectChanged.connect(lambda obj: self._on_item_selected(MEDIA_TAB, obj))

        assert self.media_pane.recordings_check is not None
        self.media_pane.recordings_check.toggled.connect(lambda _on: self._update_recordings_note())
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.setInterval(0)
        self._index_timer.timeout.connect(self._rebuild_recording_index)
        for signal in (self.streams_model.dataChanged, self.streams_model.rowsInserted,
                       self.streams_model.rowsRemoved, self.streams_model.modelReset):
            signal.connect(lambda *_a: self._index_timer.start() if self._streams_known else None)

        self.recordings_title = QLabel("Recordings")
        self.recordings_title.setObjectName("recordingsTitle")
        self.recordings_title.setTextFormat(Qt.TextFormat.PlainText)

    def _build_player(self, player_factory: Callable[[QWidget | None], Any] | None) -> None:
        self.player: Any = None
        self.controller: Any = None
        self.player_error = ""
        try:
            # No parent yet: a panel that fails half-way must not linger as a child of the window.
            self.player = (player_factory or self._default_player)(None)
        except Exception as problem:  # libVLC missing or options rejected
            self.player_error = str(problem) or type(problem).__name__
            log.error("player unavailable: %s", self.player_error)
        if self.player is None:
            placeholder = QLabel("Playback is not available: " + self.player_error)
            placeholder.setObjectName("playerUnavailable")
            placeholder.setTextFormat(Qt.TextFormat.PlainText)
            placeholder.setWordWrap(True)
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.player_widget: QWidget = placeholder
            return
        self.player_widget = self.player
        if hasattr(self.player, "show_message"):
            self.player.show_message(IDLE_HINT if self.client is not None else NO_WORKSPACE_PLAYER_HINT)
        controller_class = _load_controller_class() if self.client is not None else None
        if controller_class is not None:
            self.controller = controller_class(self.player, self.pool, self.client, self)
            self.controller.statusChanged.connect(self._show_status)
            self.controller.itemUpdated.connect(self._on_item_updated)
        elif self.client is not None:
            self.player_error = "the playback controller is missing from this build."

    @staticmethod
    def _default_player(parent: QWidget | None) -> Any:
        from fastpix_viewer.ui.playback.panel import PlayerPanel

        return PlayerPanel(parent)

    def _build_details(self) -> None:
        self.details_view = DetailsView()  # objectName "detailsTree"
        self.tracks_model = TracksModel(self)
        self.tracks_view = QTreeView()
        self.tracks_view.setObjectName("tracksTree")
        self.tracks_view.setModel(self.tracks_model)
        self.tracks_view.setUniformRowHeights(True)
        self.tracks_view.setAlternatingRowColors(True)
        self.tracks_view.setItemDelegateForColumn(STATUS_COLUMN, StatusBadgeDelegate(self.tracks_view))
        self.info_tabs = QTabWidget()
        self.info_tabs.setObjectName("infoTabs")
        self.info_tabs.addTab(self.details_view, "Details")
        self.info_tabs.addTab(self.tracks_view, "Tracks")
        self.thumbnail_preview = ThumbnailPreview(self.thumbnails)
        self.details_box = QWidget()
        self.details_box.setObjectName("detailsBox")
        # The preview is a short strip above the tabs, so the tabs keep the full width.
        details_column = QVBoxLayout(self.details_box)
        details_column.setContentsMargins(0, 0, 0, 0)
        details_column.setSpacing(2)
        details_column.addWidget(self.thumbnail_preview)
        # What the media is ("Recording of “Town hall”") and a way to its stream.
        self.kind_label = QLabel()
        self.kind_label.setObjectName("kindLabel")
        self.kind_label.setTextFormat(Qt.TextFormat.PlainText)
        self.show_stream_button = QPushButton("Show stream")
        self.show_stream_button.setObjectName("showStreamButton")
        self.show_stream_button.clicked.connect(self._show_kind_stream)
        self._kind_stream_id: str | None = None
        kind_row = QHBoxLayout()
        kind_row.setContentsMargins(4, 0, 4, 0)
        kind_row.addWidget(self.kind_label, 1)
        kind_row.addWidget(self.show_stream_button)
        details_column.addLayout(kind_row)
        details_column.addWidget(self.info_tabs, 1)
        self._update_kind_line(None)

    def _build_layout(self) -> None:
        streams_box = QWidget()
        streams_box.setObjectName("streamsBox")
        top = QVBoxLayout(streams_box)
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(self.streams_banner)
        top.addWidget(self.streams_pane)
        recordings_box = QWidget()
        recordings_box.setObjectName("recordingsBox")
        bottom = QVBoxLayout(recordings_box)
        bottom.setContentsMargins(4, 4, 4, 4)
        bottom.addWidget(self.recordings_title)
        bottom.addWidget(self.recordings_banner)
        bottom.addWidget(self.recordings_pane)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.setObjectName("streamsSplitter")
        self.left_splitter.addWidget(streams_box)
        self.left_splitter.addWidget(recordings_box)
        self.left_splitter.setChildrenCollapsible(False)

        media_box = QWidget()
        media_box.setObjectName("mediaBox")
        media_layout = QVBoxLayout(media_box)
        media_layout.setContentsMargins(4, 4, 4, 4)
        media_layout.addWidget(self.media_banner)
        media_layout.addWidget(self.media_pane)

        self.list_tabs = QTabWidget()
        self.list_tabs.setObjectName("listTabs")
        self.list_tabs.addTab(self.left_splitter, "Live streams")
        self.list_tabs.addTab(media_box, "Media")
        self.list_tabs.currentChanged.connect(self._on_tab_changed)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setObjectName("playerSplitter")
        self.right_splitter.addWidget(self.player_widget)
        self.right_splitter.addWidget(self.details_box)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 2)
        self.right_splitter.setChildrenCollapsible(False)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.list_tabs)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([620, 660])
        self.left_splitter.setSizes([380, 320])
        self.right_splitter.setSizes([460, 300])
        self.setCentralWidget(self.main_splitter)

        self.notice_label = QLabel()
        self.notice_label.setObjectName("noticeLabel")
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setWordWrap(True)
        self.notice_label.setMargin(8)
        self.notice_label.setStyleSheet("#noticeLabel { background: #fff8e1; border: 1px solid #e6d38a; }")
        self.notice_label.hide()
        top.insertWidget(0, self.notice_label)

    def _build_actions(self) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(toolbar)
        style = self.style()
        self.refresh_action = QAction(style.standardIcon(style.StandardPixmap.SP_BrowserReload), "Refresh", self)
        self.refresh_action.setObjectName("refreshAction")
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setToolTip("Reload the lists and the selected item (F5)")
        self.refresh_action.triggered.connect(self.refresh)
        self.play_action = QAction(style.standardIcon(style.StandardPixmap.SP_MediaPlay), "Play", self)
        self.play_action.setObjectName("playAction")
        self.play_action.setToolTip("Play the selected item (Enter or double-click on a row)")
        self.play_action.triggered.connect(lambda: self.play_item(self._current))
        self.play_action.setEnabled(False)
        toolbar.addAction(self.refresh_action)
        toolbar.addAction(self.play_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.workspace_label = QLabel()
        self.workspace_label.setObjectName("workspaceLabel")
        self.workspace_label.setTextFormat(Qt.TextFormat.PlainText)
        self.workspace_label.setText(
            f"Workspace: {self.session.title}" if self.session is not None else "No workspace"
        )
        self.workspace_label.setContentsMargins(8, 0, 8, 0)
        toolbar.addWidget(self.workspace_label)

        menu = self.menuBar().addMenu("&File")
        menu.setObjectName("fileMenu")
        menu.addAction(self.refresh_action)
        menu.addAction(self.play_action)
        menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setObjectName("quitAction")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

        self.load_label = QLabel()
        self.load_label.setObjectName("loadProgressLabel")
        self.load_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().setObjectName("statusBar")
        self.statusBar().addPermanentWidget(self.load_label)

    def _build_refresh_and_downloads(self) -> None:
        # Auto-refresh (started by the app, not here: tests opt in), notifications, downloads.
        from fastpix_viewer.ui.downloads.panel import install_downloads
        from fastpix_viewer.ui.sync.auto_refresh import AutoRefresher
        from fastpix_viewer.ui.sync.notifications import Notifications

        self.notifications = Notifications(self, self.settings)
        self.menu("&View").addAction(self.notifications.action)
        self.auto_refresh = AutoRefresher(self)
        self.downloads = install_downloads(self)

    def _build_loaders(self) -> None:
        self.streams_loader = self.media_loader = self.recordings_loader = None
        client = self.client
        if client is None:
            self.refresh_action.setEnabled(False)
            return
        concurrency = max(1, min(client.concurrency, self.pool.max_threads))
        self.streams_loader = PagedLoader(
            self.pool, self.streams_model,
            lambda n, cancel: client.streams_page(n, cancel=cancel), concurrency=concurrency, parent=self,
        )
        self.media_loader = PagedLoader(
            self.pool, self.media_model,
            lambda n, cancel: client.media_page(n, cancel=cancel), concurrency=concurrency, parent=self,
        )
        self.recordings_loader = RecordingsLoader(
            self.pool, self.recordings_model,
            self.offline.get_media,  # the saved copy when FastPix is unreachable
            concurrency=concurrency, parent=self,
        )
        for name, loader, pane, banner in (
            ("streams", self.streams_loader, self.streams_pane, self.streams_banner),
            ("media", self.media_loader, self.media_pane, self.media_banner),
            ("recordings", self.recordings_loader, self.recordings_pane, self.recordings_banner),
        ):
            loader.progress.connect(pane.set_progress)
            loader.progress.connect(self._update_load_label)
            loader.finished.connect(lambda _n, key=name: self._on_loaded(key))
            loader.failed.connect(banner.show_message)
            loader.failed.connect(self._update_load_label)
        self.streams_banner.retryClicked.connect(self._retry_streams)
        self.media_banner.retryClicked.connect(self._retry_media)
        self.recordings_banner.retryClicked.connect(self._reload_recordings)

    # ------------------------------------------------------------------ public API

    def refresh(self) -> None:
        """(Re)load both lists and the selected item's details (F5)."""
        if self.client is None:
            return
        self.thumbnails.clear_failures()
        self._retry_streams()
        self._retry_media()
        self._reload_recordings()  # statuses change (Processing -> Ready); rows are updated in place
        if self._current is not None and not isinstance(self._current, Unreadable):
            self._fetch_details(self._current)

    def is_loading(self) -> bool:
        loaders = (self.streams_loader, self.media_loader, self.recordings_loader)
        return any(loader is not None and loader.is_loading for loader in loaders)

    def current_item(self) -> Any:
        """The item shown in Details (a list row's object, refreshed when its details arrive)."""
        return self._current

    def select(self, tab: int, item_id: str) -> bool:
        """Show `tab` and select `item_id` in its list (streams tab: streams, then recordings)."""
        self.list_tabs.setCurrentIndex(tab)
        if tab == MEDIA_TAB:
            return self.media_pane.select_id(item_id)
        return self.streams_pane.select_id(item_id) or self.recordings_pane.select_id(item_id)

    def menu(self, title: str) -> QMenu:
        """The top-level menu called `title` (e.g. "&Item"), added on first use (shared by features)."""
        for action in self.menuBar().actions():
            if action.menu() is not None and action.text() == title:
                return action.menu()
        created = self.menuBar().addMenu(title)
        created.setObjectName(title.replace("&", "").strip().lower() + "Menu")
        return created

    def reveal(self, tab: int, item: LiveStream | Media) -> None:
        """Show `item` (e.g. from Open…): select its row, or show it now and select it once its list arrives."""
        if self.select(tab, item.id):
            return
        self._tab_item[tab] = item
        self._show_item(item, fetch=False)
        self._restore_pending["streams" if tab == STREAMS_TAB else "media"] = item.id

    def apply_update(self, item: LiveStream | Media) -> None:
        """Fresh data for an item (e.g. after an edit): its rows and, if shown, its details."""
        self._on_item_updated(item)

    def forget_media(self, media_id: str) -> None:
        """A deleted media: its rows go, and Details empties if it was shown."""
        for model in (self.media_model, self.recordings_model):
            if model.row_for_id(media_id) >= 0:
                model.replace_all([o for o in model.objects() if columns.row_id(o) != media_id])
        for tab, shown in list(self._tab_item.items()):
            if isinstance(shown, Media) and shown.id == media_id:
                del self._tab_item[tab]
        if isinstance(self._current, Media) and self._current.id == media_id:
            self._current = None
            self.play_action.setEnabled(False)
            self._set_title(None)
            self.details_view.set_document(None, {})
            self.tracks_model.set_tracks([])
            self.currentItemChanged.emit(None)

    def play_item(self, item: Any) -> None:
        """Play a stream or media (what Enter, double-click and the Play action do)."""
        if item is None:
            return
        if isinstance(item, Unreadable):
            self.show_error("Cannot play this item", item_title(item))
            return
        if self.controller is None:
            self.show_error("Playback is not available", f"Cannot play “{item_title(item)}”: {self.player_error}")
            return
        self.controller.open(item)

    def show_error(self, title: str, text: str) -> QMessageBox:
        """A non-blocking error dialog; its text is always plain (it may quote API text)."""
        if self._error_dialog is not None:
            self._error_dialog.close()
        box = QMessageBox(QMessageBox.Icon.Warning, title, "", QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: setattr(self, "_error_dialog", None))
        self._error_dialog = box
        box.open()
        return box

    def error_dialog(self) -> QMessageBox | None:
        return self._error_dialog

    def status_text(self) -> str:
        return self.statusBar().currentMessage()

    # ------------------------------------------------------------------ loading

    def _retry_streams(self) -> None:
        if self.streams_loader is not None:
            self.streams_banner.clear()
            self.streams_loader.start()
            self._update_load_label()

    def _retry_media(self) -> None:
        if self.media_loader is not None:
            self.media_banner.clear()
            self.media_loader.start()
            self._update_load_label()

    def _reload_recordings(self) -> None:
        stream = self.streams_pane.current_object()
        if isinstance(stream, LiveStream):
            self._load_recordings(stream)

    def _load_recordings(self, stream: LiveStream) -> None:
        if self.recordings_loader is None:
            return
        self.recordings_banner.clear()
        name = item_title(stream)
        count = len(stream.media_ids)
        self.recordings_title.setText(f"Recordings of {name} ({count})" if count else f"No recordings of {name}")
        self.recordings_loader.start(stream.id, list(reversed(stream.media_ids)))

    def _on_loaded(self, which: str) -> None:
        self._update_load_label()
        if which == "streams":
            self._streams_known = True  # the whole listing (fresh, or the cached copy)
            self._rebuild_recording_index()
        elif which == "media" and self._kinds_stale:
            # Pages prepared (on a worker) before the index changed show the old kinds.
            self._kinds_stale = False
            self.media_model.replace_all(self.media_model.objects())
        wanted = self._restore_pending.pop(which, None)
        pane = self._panes()[which]
        if wanted and pane.select_id(wanted):
            return
        # Nothing to restore: show the first stream rather than an empty window.
        if which == "streams" and pane.current_object() is None and pane.proxy.rowCount():
            rows = [pane.proxy.object_at(r) for r in range(pane.proxy.rowCount())]
            with_recordings = [s for s in rows if isinstance(s, LiveStream) and s.media_ids]
            pane.select_id(columns.row_id(with_recordings[0] if with_recordings else rows[0]))

    def _rebuild_recording_index(self) -> None:
        if self._closed:
            return
        fresh = RecordingIndex.from_streams(self.streams_model.objects(), known=self._streams_known)
        if fresh == self.recording_index:
            return
        self.recording_index = fresh
        # The Kind column, titles and search text of the media rows depend on it.
        self.media_model.replace_all(self.media_model.objects())
        self._kinds_stale = self.media_loader is not None and self.media_loader.is_loading
        self.media_pane.refresh_recordings_filter()
        self._update_recordings_note()
        if isinstance(self._current, Media):
            self._update_kind_line(self._current)

    def _update_recordings_note(self) -> None:
        check = self.media_pane.recordings_check
        waiting = check is not None and check.isChecked() and not self.recording_index.known
        self.media_pane.set_count_note(
            "Waiting for the live streams list: a recording is a media a stream lists" if waiting else "")

    def _update_load_label(self, *_args: Any) -> None:
        parts = []
        fmt = self.locale().toString
        for label, loader in (("Streams", self.streams_loader), ("Media", self.media_loader)):
            if loader is None:
                continue
            if loader.error:
                parts.append(f"{label}: failed")
            elif loader.is_loading:
                total = loader.total
                parts.append(f"{label}: loaded {fmt(loader.loaded)}" + (f" of {fmt(total)}" if total else ""))
        self.load_label.setText(" · ".join(parts) if parts else "")

    # ------------------------------------------------------------------ selection

    def _on_stream_selected(self, stream: Any) -> None:
        if isinstance(stream, LiveStream):
            self._load_recordings(stream)
        elif self.recordings_loader is not None:
            self.recordings_loader.clear()
            self.recordings_title.setText("Recordings")
        self._on_item_selected(STREAMS_TAB, stream)

    def _on_item_selected(self, tab: int, item: Any) -> None:
        if item is None:
            return
        self._tab_item[tab] = item
        if self.list_tabs.currentIndex() == tab:
            self._show_item(item, fetch=True)

    def _on_tab_changed(self, tab: int) -> None:
        item = self._tab_item.get(tab)
        if item is not None:
            self._show_item(item, fetch=False)

    def _show_item(self, item: Any, *, fetch: bool, same_record: bool = False) -> None:
        self._current = item
        self.play_action.setEnabled(isinstance(item, LiveStream | Media))
        self._set_title(item)
        self.thumbnail_preview.show_item(item)
        self._update_kind_line(item)
        raw = item.raw if not isinstance(item, Unreadable) else {"unreadable": item.reason, "data": item.raw}
        self.details_view.set_document(None, _plain_json(raw), same_record=same_record)
        self.tracks_model.set_tracks(_raw_tracks(item))
        self.tracks_view.expandAll()
        for column in range(self.tracks_model.columnCount()):
            self.tracks_view.resizeColumnToContents(column)
        if fetch and not isinstance(item, Unreadable):
            self._fetch_details(item)
        self.currentItemChanged.emit(item)

    def _update_kind_line(self, item: Any) -> None:
        """"Recording of “Weekly town hall”" (with Show stream), "Live clip of …", "Clip", "Upload"."""
        self._kind_stream_id = None
        if not isinstance(item, Media):
            self.kind_label.setText("")
            self.kind_label.hide()
            self.show_stream_button.hide()
            return
        kind = self.recording_index.kind(item)
        stream_id = self.recording_index.stream_of(item.id) if kind == KIND_RECORDING else (
            item.stream_id if kind == KIND_LIVE_CLIP else None)
        if stream_id:
            stream = self.streams_model.object_for_id(stream_id)
            name = item_title(stream) if isinstance(stream, LiveStream) else f"live stream {stream_id}"
            text = f"{'Recording' if kind == KIND_RECORDING else 'Live clip'} of “{name}”"
            self._kind_stream_id = stream_id
        elif kind == KIND_CLIP:
            text = f"Clip of media {item.source_media_id}"
        elif kind == KIND_RECORDING or kind == KIND_LIVE_CLIP:
            text = kind.capitalize()
        elif not self.recording_index.known:
            text = "Media (waiting for the live streams list to tell whether it is a recording)"
        else:
            text = "Upload (no live stream lists it)"
        self.kind_label.setText(" ".join(text.split()))
        self.kind_label.show()
        self.show_stream_button.setVisible(self._kind_stream_id is not None)

    def _show_kind_stream(self) -> None:
        if self._kind_stream_id is not None and not self.select(STREAMS_TAB, self._kind_stream_id):
            self._show_status("That live stream is not in the list (yet).")

    def _fetch_details(self, item: LiveStream | Media) -> None:
        client = self.client
        if client is None:
            return
        is_stream = isinstance(item, LiveStream)

        def fetch(*, cancel_token: CancelLike) -> Any:
            if is_stream:
                return client.get_stream(item.id, cancel=cancel_token)
            return client.get_media(item.id, cancel=cancel_token)

        self.pool.run(
            fetch,
            on_done=lambda fresh: self._on_details(item, fresh),
            on_error=lambda exc: self._on_details_failed(item, exc),
            owner=self, key=("details", "stream" if is_stream else "media"), pass_token=True,
        )

    def _on_details(self, asked: Any, fresh: Any) -> None:
        if self._closed:
            return
        # The list rows always take the fresh data (it is newer whatever is selected).
        self._update_rows(fresh)
        self.offline.details_loaded(fresh)
        if isinstance(fresh, LiveStream):
            for tab, item in self._tab_item.items():
                if isinstance(item, LiveStream) and item.id == fresh.id:
                    self._tab_item[tab] = fresh
            selected = self.streams_pane.current_object()
            if isinstance(selected, LiveStream) and selected.id == fresh.id and (
                list(fresh.media_ids) != list(asked.media_ids)
                or (self.recordings_loader is not None and self.recordings_loader.error)
            ):
                self._load_recordings(fresh)
        # Only the item still shown gets its details replaced: a late answer for a
        # selection the user has left is dropped here.
        if same_item(self._current, fresh):
            self._show_item(fresh, fetch=False, same_record=True)

    def _on_details_failed(self, asked: Any, exc: BaseException) -> None:
        if self._closed or not same_item(self._current, asked):
            return
        message = describe_failure(exc)
        if isinstance(exc, NotFoundError):
            self.show_error("Item not found", f"“{item_title(asked)}” is no longer in this workspace. {message}")
        self._show_status(f"Could not refresh the details: {message}")
        self.offline.details_failed(asked, exc)

    def _on_item_updated(self, item: Any) -> None:
        """The controller found newer data (e.g. a recording turned Ready)."""
        self._update_rows(item)
        if same_item(self._current, item):
            self._show_item(item, fetch=False, same_record=True)

    def _update_rows(self, item: Any) -> None:
        models = (self.streams_model,) if isinstance(item, LiveStream) else (self.media_model, self.recordings_model)
        for model in models:
            model.update_row(item.id, item)
        for tab, shown in list(self._tab_item.items()):
            if same_item(shown, item):
                self._tab_item[tab] = item

    def _set_title(self, item: Any) -> None:
        title = item_title(item) if item is not None else ""
        if self.session is not None and not title:
            title = self.session.title
        self.setWindowTitle(f"{title} — {APP_TITLE}" if title else APP_TITLE)

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(" ".join(str(text).split()), 15000)

    def _show_notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.show()

    # ------------------------------------------------------------------ persistence

    def _panes(self) -> dict[str, RecordListPane]:
        return {"streams": self.streams_pane, "media": self.media_pane, "recordings": self.recordings_pane}

    def _restore_state(self) -> None:
        s = self.settings
        geometry = s.bytes_value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = s.bytes_value("window/state")
        if state is not None:
            self.restoreState(state)
        for key, splitter in (("main", self.main_splitter), ("left", self.left_splitter),
                              ("right", self.right_splitter)):
            saved = s.bytes_value(f"splitters/{key}")
            if saved is not None:
                splitter.restoreState(saved)
        for key, pane in self._panes().items():
            pane.restore_header_state(s.bytes_value(f"headers/{key}"))
        if self.player is not None and hasattr(self.player, "set_volume"):
            self.player.set_volume(max(0, min(100, s.int_value("player/volume", 80))))
        tab = s.int_value("selection/tab", STREAMS_TAB)
        self.list_tabs.setCurrentIndex(tab if tab in (STREAMS_TAB, MEDIA_TAB) else STREAMS_TAB)
        for key in ("streams", "media", "recordings"):
            wanted = s.str_value(f"selection/{key}")
            if wanted:
                self._restore_pending[key] = wanted

    def save_state(self) -> None:
        if self.session is not None and self.session.memory_only:
            return  # a session-only workspace writes nothing, not even its selection
        s = self.settings
        s.set_bytes("window/geometry", self.saveGeometry())
        s.set_bytes("window/state", self.saveState())
        for key, splitter in (("main", self.main_splitter), ("left", self.left_splitter),
                              ("right", self.right_splitter)):
            s.set_bytes(f"splitters/{key}", splitter.saveState())
        for key, pane in self._panes().items():
            s.set_bytes(f"headers/{key}", pane.header_state())
        if self.player is not None and hasattr(self.player, "volume"):
            s.set_int("player/volume", self.player.volume())
        s.set_int("selection/tab", self.list_tabs.currentIndex())
        for key, pane in self._panes().items():
            obj = pane.current_object()
            if isinstance(obj, LiveStream | Media):
                s.set_str(f"selection/{key}", obj.id)
            elif key not in self._restore_pending:
                s.set_str(f"selection/{key}", "")
            else:  # never loaded this run: keep what the last run chose
                s.set_str(f"selection/{key}", self._restore_pending[key])
        s.sync()

    # ------------------------------------------------------------------ shutdown

    def shutdown(self) -> None:
        """Stop loading and playback and release libVLC (idempotent; before Qt goes)."""
        if self._closed:
            return
        self._closed = True
        for loader in (self.streams_loader, self.media_loader, self.recordings_loader):
            if loader is not None:
                loader.cancel()
        self.pool.cancel_owner(self)
        self.pool.cancel_owner(self.thumbnails)
        self.pool.cancel_owner(self.offline)
        self.auto_refresh.stop()
        self.downloads.manager.shutdown()
        self.notifications.close()
        if self.controller is not None:
            self.controller.close()
        if self.player is not None and hasattr(self.player, "shutdown"):
            self.player.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            try:
                self.save_state()
            except Exception:  # settings must never block closing
                log.exception("could not save the window state")
        self.shutdown()
        super().closeEvent(event)


def _plain_json(value: Any) -> Any:
    """Mappings and tuples as dicts and lists (the tree model walks plain JSON types)."""
    if isinstance(value, Mapping):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_json(v) for v in value]
    return value


__all__ = ["APP_TITLE", "MEDIA_TAB", "NO_WORKSPACE_HELP", "STREAMS_TAB", "MainWindow"]

