"""The "Clips & IDs" tab next to Details and Tracks: what an item offers and how it is reached.

A media shows its clips, playback IDs and MP4 renditions; a live stream its live clips (apart
from its recordings) and playback IDs. Each section is its own module.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.details.clips_section import ClipsSection
from fastpix_viewer.ui.details.mp4_section import Mp4Section
from fastpix_viewer.ui.details.playback_ids_section import PlaybackIdsSection


class ClipsTab(QScrollArea):
    """The three sections in one scrolling column (`clips`, `playback_ids`, `mp4`)."""

    def __init__(self, pool: WorkerPool | None, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clipsTab")
        self.setWidgetResizable(True)
        body = QWidget()
        self.clips = ClipsSection(pool, client, body)
        self.playback_ids = PlaybackIdsSection(pool, client, body)
        self.mp4 = Mp4Section(pool, client, body)
        column = QVBoxLayout(body)
        for section in (self.clips, self.playback_ids, self.mp4):
            column.addWidget(section)
        column.addStretch(1)
        self.setWidget(body)

    def set_item(self, item: Any) -> None:
        shown = item if isinstance(item, Media | LiveStream) else None
        self.clips.set_item(shown)
        self.playback_ids.set_item(shown)
        self.mp4.set_item(shown if isinstance(shown, Media) else None)
        self.mp4.setVisible(isinstance(shown, Media))
