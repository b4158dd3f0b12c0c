"""The window's widgets and where they sit: lists on the left, player and details on the right.

`build_widgets` makes the list panes, banners, details/tracks tabs and splitters;
`build_actions` the toolbar, File menu and status-bar label; `top_menu` finds or adds a
top-level menu that features share. Nothing here reacts to data: the selection and list
loading classes connect to these widgets. API text is set as plain text everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.recordings import RecordingIndex
from fastpix_viewer.ui.core.banner import ErrorBanner
from fastpix_viewer.ui.details.details_view import DetailsView
from fastpix_viewer.ui.details.tracks import STATUS_COLUMN, TracksModel
from fastpix_viewer.ui.lists import columns
from fastpix_viewer.ui.lists.animated_clips import AnimatedClips
from fastpix_viewer.ui.lists.column_fit import fit_title_column
from fastpix_viewer.ui.lists.hover_preview import install_hover_preview
from fastpix_viewer.ui.lists.live_pictures import fit_stream_view
from fastpix_viewer.ui.lists.record_list import (
    MEDIA_STATUS_OPTIONS,
    STREAM_STATUS_OPTIONS,
    RecordListPane,
)
from fastpix_viewer.ui.lists.record_table import RecordTableModel
from fastpix_viewer.ui.lists.status_badge import StatusBadgeDelegate
from fastpix_viewer.ui.lists.thumbnails import ThumbnailPreview, ThumbnailService


@dataclass
class ShellWidgets:
    """Every widget of the window's central area (the window exposes them by these names)."""

    streams_pane: RecordListPane
    recordings_pane: RecordListPane
    media_pane: RecordListPane
    streams_banner: ErrorBanner
    recordings_banner: ErrorBanner
    media_banner: ErrorBanner
    recordings_title: QLabel
    details_view: DetailsView
    tracks_model: TracksModel
    tracks_view: QTreeView
    info_tabs: QTabWidget
    thumbnail_preview: ThumbnailPreview
    details_box: QWidget
    kind_label: QLabel
    show_stream_button: QPushButton
    list_tabs: QTabWidget
    left_splitter: QSplitter
    right_splitter: QSplitter
    main_splitter: QSplitter
    notice_label: QLabel

    def panes(self) -> dict[str, RecordListPane]:
        """The three lists by the key their settings and loaders use."""
        return {"streams": self.streams_pane, "media": self.media_pane, "recordings": self.recordings_pane}


@dataclass
class ShellActions:
    """The toolbar and File menu entries, and the status bar's load-progress label."""

    refresh_action: QAction
    play_action: QAction
    workspace_label: QLabel
    load_label: QLabel


def _plain_label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _boxed(name: str, margins: tuple[int, int, int, int], *widgets: QWidget) -> tuple[QWidget, QVBoxLayout]:
    box = QWidget()
    box.setObjectName(name)
    column = QVBoxLayout(box)
    column.setContentsMargins(*margins)
    for widget in widgets:
        column.addWidget(widget)
    return box, column


def _splitter(name: str, orientation: Qt.Orientation, *widgets: QWidget) -> QSplitter:
    splitter = QSplitter(orientation)
    splitter.setObjectName(name)
    for widget in widgets:
        splitter.addWidget(widget)
    splitter.setChildrenCollapsible(False)
    return splitter


def _list_panes(
    streams_model: RecordTableModel,
    recordings_model: RecordTableModel,
    media_model: RecordTableModel,
    thumbnails: ThumbnailService,
    recording_index: Callable[[], RecordingIndex],
    clips: AnimatedClips | None = None,
) -> tuple[RecordListPane, RecordListPane, RecordListPane]:
    streams = RecordListPane(streams_model, status_options=STREAM_STATUS_OPTIONS)
    streams.setObjectName("streamsPane")
    fit_stream_view(streams.view)  # live streams show what is on air
    recordings = RecordListPane(recordings_model, status_options=MEDIA_STATUS_OPTIONS)
    recordings.setObjectName("recordingsPane")
    thumbnails.fit_view(recordings.view)
    media = RecordListPane(media_model, status_options=MEDIA_STATUS_OPTIONS,
                           recordings_predicate=columns.recordings_predicate(recording_index))
    media.setObjectName("mediaPane")
    thumbnails.fit_view(media.view)
    for pane in (streams, recordings, media):
        pane.apply_column_layout(columns.COLUMN_WIDTHS, stretch=pane.model.columns[0].key,
                                 hidden=columns.HIDDEN_KEYS.get(pane.objectName(), ()))
        fit_title_column(pane.view, 0)  # in a narrow window the other columns yield to the title
        install_hover_preview(pane.view, thumbnails, clips)  # a larger (animated) picture over a thumbnail
        pane.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return streams, recordings, media


def _details(thumbnails: ThumbnailService, parent: QWidget) -> tuple[
        DetailsView, TracksModel, QTreeView, QTabWidget, ThumbnailPreview, QWidget, QLabel, QPushButton]:
    details_view = DetailsView()  # objectName "detailsTree"
    tracks_model = TracksModel(parent)
    tracks_view = QTreeView()
    tracks_view.setObjectName("tracksTree")
    tracks_view.setModel(tracks_model)
    tracks_view.setUniformRowHeights(True)
    tracks_view.setAlternatingRowColors(True)
    tracks_view.setItemDelegateForColumn(STATUS_COLUMN, StatusBadgeDelegate(tracks_view))
    info_tabs = QTabWidget()
    info_tabs.setObjectName("infoTabs")
    info_tabs.addTab(details_view, "Details")
    info_tabs.addTab(tracks_view, "Tracks")
    preview = ThumbnailPreview(thumbnails)
    # The preview is a short strip above the tabs, so the tabs keep the full width.
    details_box, details_column = _boxed("detailsBox", (0, 0, 0, 0), preview)
    details_column.setSpacing(2)
    # What the media is ("Recording of “Town hall”") and a way to its stream.
    kind_label = _plain_label("kindLabel")
    show_stream_button = QPushButton("Show stream")
    show_stream_button.setObjectName("showStreamButton")
    kind_row = QHBoxLayout()
    kind_row.setContentsMargins(4, 0, 4, 0)
    kind_row.addWidget(kind_label, 1)
    kind_row.addWidget(show_stream_button)
    details_column.addLayout(kind_row)
    details_column.addWidget(info_tabs, 1)
    return details_view, tracks_model, tracks_view, info_tabs, preview, details_box, kind_label, show_stream_button


def build_widgets(
    window: QMainWindow,
    models: tuple[RecordTableModel, RecordTableModel, RecordTableModel],
    thumbnails: ThumbnailService,
    recording_index: Callable[[], RecordingIndex],
    player_widget: QWidget,
) -> ShellWidgets:
    """Build the central area into `window`; `models` are (streams, recordings, media)."""
    pool, client = getattr(window, "pool", None), getattr(window, "client", None)
    clips = AnimatedClips(pool, client, window) if pool is not None else None
    streams_pane, recordings_pane, media_pane = _list_panes(*models, thumbnails, recording_index, clips)
    banners = ErrorBanner("streams"), ErrorBanner("recordings"), ErrorBanner("media")
    recordings_title = _plain_label("recordingsTitle", "Recordings")
    (details_view, tracks_model, tracks_view, info_tabs, preview, details_box,
     kind_label, show_stream_button) = _details(thumbnails, window)

    streams_box, top = _boxed("streamsBox", (4, 4, 4, 0), banners[0], streams_pane)
    recordings_box, _ = _boxed("recordingsBox", (4, 4, 4, 4), recordings_title, banners[1], recordings_pane)
    left_splitter = _splitter("streamsSplitter", Qt.Orientation.Vertical, streams_box, recordings_box)
    media_box, _ = _boxed("mediaBox", (4, 4, 4, 4), banners[2], media_pane)
    list_tabs = QTabWidget()
    list_tabs.setObjectName("listTabs")
    list_tabs.addTab(left_splitter, "Live streams")
    list_tabs.addTab(media_box, "Media")

    right_splitter = _splitter("playerSplitter", Qt.Orientation.Vertical, player_widget, details_box)
    right_splitter.setStretchFactor(0, 3)
    right_splitter.setStretchFactor(1, 2)
    main_splitter = _splitter("mainSplitter", Qt.Orientation.Horizontal, list_tabs, right_splitter)
    main_splitter.setStretchFactor(0, 1)
    main_splitter.setStretchFactor(1, 1)
    main_splitter.setSizes([620, 660])
    left_splitter.setSizes([380, 320])
    right_splitter.setSizes([460, 300])
    window.setCentralWidget(main_splitter)

    notice_label = _plain_label("noticeLabel")
    notice_label.setWordWrap(True)
    notice_label.setMargin(8)
    notice_label.setStyleSheet("#noticeLabel { background: #fff8e1; border: 1px solid #e6d38a; }")
    notice_label.hide()
    top.insertWidget(0, notice_label)
    return ShellWidgets(
        streams_pane, recordings_pane, media_pane, *banners, recordings_title, details_view, tracks_model,
        tracks_view, info_tabs, preview, details_box, kind_label, show_stream_button, list_tabs,
        left_splitter, right_splitter, main_splitter, notice_label,
    )


def build_actions(window: QMainWindow, workspace_title: str | None) -> ShellActions:
    """The toolbar (Refresh, Play, the workspace's name), the File menu and the status bar's
    load label. The caller connects Refresh and Play; Quit closes the window."""
    toolbar = QToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(toolbar)
    style = window.style()
    refresh = QAction(style.standardIcon(style.StandardPixmap.SP_BrowserReload), "Refresh", window)
    refresh.setObjectName("refreshAction")
    refresh.setShortcut(QKeySequence(Qt.Key.Key_F5))
    refresh.setToolTip("Reload the lists and the selected item (F5)")
    play = QAction(style.standardIcon(style.StandardPixmap.SP_MediaPlay), "Play", window)
    play.setObjectName("playAction")
    play.setToolTip("Play the selected item (Enter or double-click on a row)")
    play.setEnabled(False)
    toolbar.addAction(refresh)
    toolbar.addAction(play)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    workspace_label = _plain_label(
        "workspaceLabel", f"Workspace: {workspace_title}" if workspace_title is not None else "No workspace")
    workspace_label.setContentsMargins(8, 0, 8, 0)
    toolbar.addWidget(workspace_label)

    menu = window.menuBar().addMenu("&File")
    menu.setObjectName("fileMenu")
    menu.addAction(refresh)
    menu.addAction(play)
    menu.addSeparator()
    quit_action = QAction("&Quit", window)
    quit_action.setObjectName("quitAction")
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.triggered.connect(window.close)
    menu.addAction(quit_action)

    load_label = _plain_label("loadProgressLabel")
    window.statusBar().setObjectName("statusBar")
    window.statusBar().addPermanentWidget(load_label)
    return ShellActions(refresh, play, workspace_label, load_label)


def top_menu(window: QMainWindow, title: str) -> QMenu:
    """The top-level menu called `title` (e.g. "&Item"), added on first use."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and action.text() == title:
            return menu  # type: ignore[return-value]
    created = window.menuBar().addMenu(title)
    created.setObjectName(title.replace("&", "").strip().lower() + "Menu")
    return created
