"""Chapters between the details and the player: the player shows the chapters of the media it
plays (marks, menu, keys: playback/chapters.py), and a chapter clicked in the Insights tab
(or found by the search) plays that media from the chapter's start.

Which chapters a media has is learnt from every copy of it the window sees (the details'
fresh copy, the player's item), so a media whose chapters were just generated gets its marks
without a new request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from fastpix_viewer.api.insight_results import Chapter, InsightStatus, parse_insights
from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.playback.chapters import PlayerChapters

PENDING_LIMIT_S = 30.0  # a chapter seek waits this long for its media to become seekable


class ChapterPlayback(QObject):
    """See the module docstring. `player_chapters` is None when the window has no player."""

    def __init__(self, window: Any, shown: Callable[[], Media | None]) -> None:
        super().__init__(window)
        self._window = window
        self._shown = shown
        self._known: dict[str, tuple[Chapter, ...]] = {}
        self._pending: tuple[str, int, float] | None = None  # media ID, ms, since
        self._pending_timer = QTimer(self)
        self._pending_timer.setInterval(100)
        self._pending_timer.timeout.connect(self._try_pending)
        player = window.player
        self.player_chapters = PlayerChapters(player) if hasattr(player, "controls") else None
        if self.player_chapters is not None:
            player.stateChanged.connect(lambda _state: self._sync())

    def learn(self, media: Media) -> None:
        """Take note of `media`'s chapters (ready ones only); the player follows if it plays it.
        A copy without the field (a list row of a list that leaves AI fields out) says nothing."""
        if "chapters" not in media.raw:
            return
        insight = parse_insights(media).chapters
        if insight.status is InsightStatus.READY and insight.chapters:
            self._known[media.id] = insight.chapters
        else:
            self._known.pop(media.id, None)
        playing = self._playing()
        if playing is not None and playing.id == media.id:
            self._sync()

    def chapters_of(self, media_id: str) -> tuple[Chapter, ...]:
        return self._known.get(media_id, ())

    def _playing(self) -> Media | None:
        controller = self._window.controller
        item = controller.current_item if controller is not None else None
        return item if isinstance(item, Media) else None

    def _sync(self) -> None:
        chapters = self.player_chapters
        if chapters is None:
            return
        media = self._playing()
        if media is None:
            chapters.clear()
            return
        if media.id not in self._known:
            insight = parse_insights(media).chapters
            if insight.status is InsightStatus.READY and insight.chapters:
                self._known[media.id] = insight.chapters
        known = self._known.get(media.id)
        if not known:
            chapters.clear()
        elif chapters.media_id != media.id or chapters.chapters() != _timed(known):
            chapters.set_chapters(media.id, known)

    # ---- playing from a chapter ----------------------------------------------------------------

    def play_from(self, seconds: float, media: Media | None = None) -> None:
        """Play `media` (default: the one in the details) from `seconds`; seeks at once when it
        is the one playing, else opens it and seeks as soon as it can."""
        media = media or self._shown()
        player = self._window.player
        if media is None or not hasattr(player, "seek"):
            return
        ms = max(0, round(seconds * 1000))
        playing = self._playing()
        if playing is not None and playing.id == media.id and player.can_seek():
            player.seek(ms)
            return
        self._pending = (media.id, ms, time.monotonic())
        self._window.play_item(media)
        self._pending_timer.start()

    def _try_pending(self) -> None:
        pending = self._pending
        if pending is None:
            self._pending_timer.stop()
            return
        media_id, ms, since = pending
        playing = self._playing()
        if time.monotonic() - since > PENDING_LIMIT_S or (playing is not None and playing.id != media_id):
            self._pending = None  # gave up, or the user played something else meanwhile
            return
        if playing is not None and self._window.player.can_seek():
            self._pending = None
            self._pending_timer.stop()
            self._window.player.seek(ms)


def _timed(chapters: tuple[Chapter, ...]) -> tuple[tuple[int, str], ...]:
    return tuple(sorted((round(c.start * 1000), c.title) for c in chapters if c.start is not None and c.start >= 0))
