"""Search that finds the moment: the media lists' filter also matches each media's summary,
chapter titles and named entities, says where it matched (the row's tooltip, and the status
bar when the row is picked), and Enter on a chapter match plays from that chapter.

The insights are gathered in the background once the media list has loaded (progress and a
Stop button in the status bar), from the offline store first (insight_search.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QToolTip, QWidget

from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.actions.chapter_playback import ChapterPlayback
from fastpix_viewer.ui.core.plain_text import plain_tooltip
from fastpix_viewer.ui.lists.insight_search import GATHERED, InsightSearch


class SearchFeature(QObject):
    """See the module docstring."""

    def __init__(self, window: Any, chapters: ChapterPlayback) -> None:
        super().__init__(window)
        self._window = window
        self._chapters = chapters
        offline = window.offline
        self.last_note = ""
        self.search = InsightSearch(window.pool, window.client, offline.store, offline.workspace, self)
        self.panes = (window.media_pane, window.recordings_pane)
        for pane in self.panes:
            pane.proxy.set_extra_matcher(self.search.where, self.search.media_matching)
            pane.view.viewport().installEventFilter(self)
            pane.view.activated.connect(lambda _index, p=pane: self._activated(p))
            pane.currentObjectChanged.connect(lambda _obj, p=pane: self._say_where(p))
        self.search.changed.connect(self._refilter)
        self.search.progress.connect(self._on_progress)
        self.search.finished.connect(self._on_finished)
        self.status = QWidget()
        self.status.setObjectName("insightIndexStatus")
        row = QHBoxLayout(self.status)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("insightIndexLabel")
        self.stop_button = QToolButton()
        self.stop_button.setObjectName("insightIndexStopButton")
        self.stop_button.setText("Stop")
        self.stop_button.setToolTip("Stop gathering AI insights for search (what was gathered stays searchable)")
        self.stop_button.clicked.connect(lambda: self.search.cancel())
        row.addWidget(self.progress_label)
        row.addWidget(self.stop_button)
        self.status.hide()
        window.statusBar().addPermanentWidget(self.status)
        if window.media_loader is not None:
            window.media_loader.finished.connect(lambda _n: self.start())
            # FastPix unreachable: the offline copy of the list is searched with the saved insights.
            window.media_loader.failed.connect(lambda _msg: self.start())
        # Rows that arrive all at once (the offline copy of the list, shown before or after the
        # listing fails): gathered too; media already asked for are skipped, so this is cheap.
        self._reset_timer = QTimer(self)
        self._reset_timer.setSingleShot(True)
        self._reset_timer.setInterval(0)
        self._reset_timer.timeout.connect(self.start)
        window.media_model.modelReset.connect(self._reset_timer.start)

    def start(self) -> None:
        self.search.start([o for o in self._window.media_model.objects() if isinstance(o, Media)])

    def close(self) -> None:
        self.search.cancel(quiet=True)

    def _refilter(self) -> None:
        for pane in self.panes:
            pane.proxy.refresh_text_filter()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress_label.setText(f"Gathering AI insights for search: {done} / {total}")
        self.status.show()

    def _on_finished(self, note: str) -> None:
        self.status.hide()
        self.last_note = note
        if not note.startswith(GATHERED):
            # A stop, FastPix unreachable or a failure is news; a routine finish of a background
            # job must not push away what the user just did (e.g. "No playback URL…").
            self._window.show_status(note)

    def where_at(self, pane: Any, proxy_row: int) -> str | None:
        return pane.proxy.extra_match_at(proxy_row)

    def _say_where(self, pane: Any) -> None:
        index = pane.view.currentIndex()
        where = self.where_at(pane, index.row()) if index.isValid() else None
        if where:
            self._window.show_status(f"Found {where}")

    def _activated(self, pane: Any) -> None:
        """Enter or double-click: the window plays the row; a chapter match plays from there."""
        obj = pane.current_object()
        index = pane.view.currentIndex()
        if not isinstance(obj, Media) or not index.isValid() or not self.where_at(pane, index.row()):
            return
        found = self.search.match_for(obj, pane.proxy.text_filter())
        if found is not None and found.chapter_start is not None:
            self._chapters.play_from(found.chapter_start, obj)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            for pane in self.panes:
                if watched is pane.view.viewport():
                    index = pane.view.indexAt(event.pos())
                    where = self.where_at(pane, index.row()) if index.isValid() else None
                    if where:
                        # API text: escaped into an explicit paragraph, so Qt shows it literally.
                        QToolTip.showText(event.globalPos(), plain_tooltip(f"Found {where}"), watched)
                        return True
        return False
