"""The main window: stream/media lists on the left, player and details/tracks on the right.

The window is the frame that owns the parts and plugs them together: `layout` builds the
widgets, `ListLoading` fills the lists, `Selection` shows the selected item's details,
`WindowState` remembers the window between runs. Playing goes through the
`PlaybackController` (playback ID choice, pre-flight, polling), which owns the
`PlayerPanel` while the window owns its layout. Features (item actions, offline copies,
notifications, auto-refresh, downloads) are installed last, in `_install_features`.

All API text reaches the screen as plain text: item views draw it literally, labels and
message boxes are set to `Qt.PlainText`, tooltips are escaped by the models.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from fastpix_viewer.api.models import LiveStream, Media, Unreadable
from fastpix_viewer.api.recordings import RecordingIndex
from fastpix_viewer.ui.actions.bulk_actions import BulkActions
from fastpix_viewer.ui.actions.clips_feature import install_clips
from fastpix_viewer.ui.actions.insights_feature import install_insights
from fastpix_viewer.ui.actions.item_actions import ItemActions
from fastpix_viewer.ui.core.font_warmup import warm_up_fonts_after_paint
from fastpix_viewer.ui.core.items import MEDIA_TAB, STREAMS_TAB, item_title, window_title
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.downloads.panel import install_downloads
from fastpix_viewer.ui.lists import columns
from fastpix_viewer.ui.lists.live_pictures import stream_decoration
from fastpix_viewer.ui.lists.thumbnails import ThumbnailService
from fastpix_viewer.ui.lists.view_counts import ViewCounts
from fastpix_viewer.ui.playback.controller import PlaybackController
from fastpix_viewer.ui.playback.player_features import install_player_features
from fastpix_viewer.ui.shell.layout import build_actions, build_widgets, top_menu
from fastpix_viewer.ui.shell.list_loading import ListLoading
from fastpix_viewer.ui.shell.paged_loader import PagedLoader, RecordingsLoader
from fastpix_viewer.ui.shell.selection import Selection
from fastpix_viewer.ui.shell.window_state import WindowState
from fastpix_viewer.ui.sync.auto_refresh import AutoRefresher
from fastpix_viewer.ui.sync.notifications import Notifications
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
        self._closed = False
        self._error_dialog: QMessageBox | None = None

        # Thumbnails and the offline cache (issue 6); `cache_dir` None keeps nothing on disk.
        # The demo's address changes every run (it is in every key), so nothing of it is kept.
        kept_dir = None if session is None or session.is_demo or session.memory_only else cache_dir
        self.thumbnails = ThumbnailService(pool, self.client, kept_dir, self)
        self.offline = OfflineCache(pool, self.client, kept_dir, self)
        self.view_counts = ViewCounts(pool, self.client, self)  # the lists' lazy Views column
        views = (self.view_counts.column(),)
        self.streams_model = columns.stream_model(self, decoration=stream_decoration(self.thumbnails), extra=views)
        self.media_model = columns.media_model(self, decoration=self.thumbnails.decoration,
                                               recordings=lambda: self.recording_index,
                                               source_title=self._media_title_of, extra=views)
        self.recordings_model = columns.recording_model(self.thumbnails.decoration, self, extra=views)
        self.thumbnails.attach(self.media_model)
        self.thumbnails.attach(self.recordings_model)
        self.thumbnails.attach(self.streams_model, "name")  # live streams' pictures
        models = (self.streams_model, self.recordings_model, self.media_model)

        self._build_player(player_factory)
        ui = build_widgets(self, models, self.thumbnails, lambda: self.recording_index, self.player_widget)
        self.widgets = ui
        for pane in ui.panes().values():
            self.view_counts.attach(pane.view, pane.model)
        # The window's widgets by name (tests, bench, soak and features use these).
        self.streams_pane, self.recordings_pane, self.media_pane = ui.streams_pane, ui.recordings_pane, ui.media_pane
        self.streams_banner, self.recordings_banner = ui.streams_banner, ui.recordings_banner
        self.media_banner, self.recordings_title = ui.media_banner, ui.recordings_title
        self.details_view, self.tracks_model, self.tracks_view = ui.details_view, ui.tracks_model, ui.tracks_view
        self.info_tabs, self.thumbnail_preview, self.details_box = ui.info_tabs, ui.thumbnail_preview, ui.details_box
        self.kind_label, self.show_stream_button = ui.kind_label, ui.show_stream_button
        self.list_tabs, self.notice_label = ui.list_tabs, ui.notice_label
        self.left_splitter, self.right_splitter, self.main_splitter = (
            ui.left_splitter, ui.right_splitter, ui.main_splitter)
        actions = build_actions(self, session.title if session is not None else None)
        self.refresh_action, self.play_action = actions.refresh_action, actions.play_action
        self.workspace_label, self.load_label = actions.workspace_label, actions.load_label
        self.refresh_action.triggered.connect(self.refresh)
        self.play_action.triggered.connect(lambda: self.play_item(self.current_item()))
        for pane in ui.panes().values():
            # `activated` is Enter/Return and (per platform style) double-click.
            pane.view.activated.connect(lambda _index, p=pane: self.play_item(p.current_object()))

        self.selection = Selection(ui, models, pool, self.client, self.offline, lambda: self.recording_index, self)
        self.selection.changed.connect(self.currentItemChanged)
        self.selection.titleChanged.connect(self._on_title_item)
        self.selection.status.connect(self.show_status)
        self.selection.error.connect(self.show_error)
        self.lists = ListLoading(ui, self.load_label, models, self.selection, pool, self.client, self.offline, self,
                                 head_start=session.head_start if session is not None else None)
        self.refresh_action.setEnabled(self.client is not None)
        self._state = WindowState(self, ui, settings, self.player,
                                  memory_only=session is not None and session.memory_only)
        self._install_features()
        self._set_title(None)
        self.resize(1280, 800)
        self._state.restore(self.selection.pending)
        self.streams_pane.view.setFocus()  # Enter plays straight away
        if session is None:
            self.show_notice(notice or NO_WORKSPACE_HELP)
        elif notice:
            self.show_notice(notice)

    # ------------------------------------------------------------------ construction

    def _build_player(self, player_factory: Callable[[QWidget | None], Any] | None) -> None:
        self.player: Any = None
        self.controller: PlaybackController | None = None
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
        if self.client is not None:
            self.controller = PlaybackController(self.player, self.pool, self.client, self)
            self.controller.statusChanged.connect(self.show_status)
            self.controller.itemUpdated.connect(self.apply_update)

    @staticmethod
    def _default_player(parent: QWidget | None) -> Any:
        from fastpix_viewer.ui.playback.panel import PlayerPanel

        return PlayerPanel(parent)

    def _install_features(self) -> None:
        """Every feature plugs in here, after the shell's own parts exist."""
        self.item_actions = ItemActions(self)  # Item menu, context menus, Open…/Edit…/Delete…, Ingest tab
        self.player_features = install_player_features(self)  # Playback menu, track languages, …
        self.offline.attach(self)
        self.notifications = Notifications(self, self.settings)
        self.menu("&View").addAction(self.notifications.action)
        self.auto_refresh = AutoRefresher(self)  # started by the app, not here: tests opt in
        self.downloads = install_downloads(self)
        self.bulk_actions = BulkActions(self)  # multi-selection: download, copy, delete, export
        self.clips = install_clips(self)  # marks → Create clip…, clip follow-up, Clips / Playback IDs / MP4 tab
        self.insights = install_insights(self)  # issue 18: Insights tab, chapters, search, Audience

    # ------------------------------------------------------------------ public API

    @property
    def recording_index(self) -> RecordingIndex:
        """Which media are recordings (the ones a stream lists), as far as the lists know."""
        return self.lists.recording_index if hasattr(self, "lists") else RecordingIndex()

    @property
    def streams_loader(self) -> PagedLoader | None:
        return self.lists.streams_loader

    @property
    def media_loader(self) -> PagedLoader | None:
        return self.lists.media_loader

    @property
    def recordings_loader(self) -> RecordingsLoader | None:
        return self.lists.recordings_loader

    def refresh(self) -> None:
        """(Re)load both lists and the selected item's details (F5)."""
        if self.client is None:
            return
        self.thumbnails.clear_failures()
        self.lists.retry_streams()
        if self.isVisible() or self.list_tabs.currentIndex() == MEDIA_TAB:
            self.lists.retry_media()
        else:  # opening, with the Media tab out of view: the streams list paints first
            self.lists.retry_media_after_paint()
        self.lists.reload_recordings()  # statuses change (Processing -> Ready); rows are updated in place
        current = self.current_item()
        if current is not None and not isinstance(current, Unreadable):
            self.selection.fetch_details(current)

    def is_loading(self) -> bool:
        return self.lists.is_loading()

    def is_closed(self) -> bool:
        """True once the window has shut down: late answers must then be dropped."""
        return self._closed

    def list_loaded(self, which: str) -> None:
        """A listing is complete (e.g. the offline copy was shown): restore its selection."""
        self.lists.on_loaded(which)

    def current_item(self) -> Any:
        """The item shown in Details (a list row's object, refreshed when its details arrive)."""
        return self.selection.current()

    def _media_title_of(self, media_id: str) -> str | None:
        """A listed media's title (a clip's row names its source); None when not listed."""
        media = self.media_model.object_for_id(media_id) if hasattr(self, "media_model") else None
        return media.display_title if isinstance(media, Media) else None

    def select(self, tab: int, item_id: str) -> bool:
        """Show `tab` and select `item_id` in its list (streams tab: streams, then recordings)."""
        return self.selection.select(tab, item_id)

    def menu(self, title: str) -> QMenu:
        """The top-level menu called `title` (e.g. "&Item"), added on first use (shared by features)."""
        return top_menu(self, title)

    def reveal(self, tab: int, item: LiveStream | Media) -> None:
        """Show `item` (e.g. from Open…): select its row, or show it now and select it once its list arrives."""
        self.selection.reveal(tab, item)

    def apply_update(self, item: Any) -> None:
        """Fresh data for an item (an edit, polling, the offline copy): its rows and, if shown, its details."""
        self.selection.apply_update(item)

    def forget_media(self, media_id: str) -> None:
        """A deleted media: its rows go, counts drop, and Details empties if it was shown."""
        self.lists.forget_recording(media_id)
        self.selection.forget_media(media_id)

    def play_item(self, item: Any) -> None:
        """Play a stream or media (what Enter, double-click and the Play action do)."""
        if item is None:
            return
        if isinstance(item, Unreadable):
            self.show_error("Cannot play this item", item_title(item))
            return
        self._show_played(item)
        if self.controller is None:
            self.show_error("Playback is not available", f"Cannot play “{item_title(item)}”: {self.player_error}")
            return
        self.controller.open(item)

    def _show_played(self, item: LiveStream | Media) -> None:
        # Details follow what plays: playing the stream while its recording is shown shows the stream.
        tab = self.list_tabs.currentIndex()
        if isinstance(item, LiveStream):
            tab = STREAMS_TAB
        self.selection.focus_item(tab, item)

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

    def show_status(self, text: str) -> None:
        """A passing message in the status bar (one line, 15 s)."""
        self.statusBar().showMessage(" ".join(str(text).split()), 15000)

    def show_notice(self, text: str) -> None:
        """A lasting note above the streams list (e.g. how to add a workspace)."""
        self.notice_label.setText(text)
        self.notice_label.show()

    def _on_title_item(self, item: Any) -> None:
        self.play_action.setEnabled(isinstance(item, LiveStream | Media))
        self._set_title(item)

    def _set_title(self, item: Any) -> None:
        # An unreadable row's name is an error message: it belongs in Details, not the title.
        title = item_title(item) if isinstance(item, LiveStream | Media) else ""
        if self.session is not None and not title:
            title = self.session.title
        self.setWindowTitle(window_title(title, APP_TITLE))

    # ------------------------------------------------------------------ persistence and shutdown

    def save_state(self) -> None:
        self._state.save(self.selection.pending)

    def shutdown(self) -> None:
        """Stop loading and playback and release libVLC (idempotent; before Qt goes)."""
        if self._closed:
            return
        self._closed = True
        self.selection.close()
        self.lists.cancel()
        self.pool.cancel_owner(self)
        self.pool.cancel_owner(self.selection)
        self.pool.cancel_owner(self.thumbnails)
        self.pool.cancel_owner(self.view_counts)
        self.pool.cancel_owner(self.offline)
        self.auto_refresh.stop()
        self.downloads.manager.shutdown()
        self.insights.close()
        self.notifications.close()
        if self.controller is not None:
            self.controller.close(window_closing=True)
        if self.player is not None and hasattr(self.player, "shutdown"):
            self.player.shutdown()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Idle time after the first paint loads the fonts of non-Latin titles (issue 15).
        warm_up_fonts_after_paint(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            try:
                self.save_state()
            except Exception:  # settings must never block closing
                log.exception("could not save the window state")
        self.shutdown()
        super().closeEvent(event)


__all__ = ["APP_TITLE", "MEDIA_TAB", "NO_WORKSPACE_HELP", "STREAMS_TAB", "MainWindow"]
