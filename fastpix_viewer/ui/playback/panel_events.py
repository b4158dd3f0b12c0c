"""The player panel's reactions to libVLC: its events (queued onto the main thread by
`VlcBridge`, stamped with a generation), the position poll and the open watchdog. What
counts as a stall, an open timeout or an early end is decided by the Qt-free rules in
health.py.

A mixin of `PlayerPanel` (panel.py). Main thread only.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Slot

from fastpix_viewer.ui.playback import health
from fastpix_viewer.ui.playback.request import (
    ENDED,
    ERROR,
    IDLE,
    MSG_PLAY_FAILED,
    OPENING,
    PAUSED,
    PLAYING,
    STOPPED,
)


class PanelEvents:
    """Slots for libVLC's events, the poll and the open watchdog."""

    def _current(self, generation: int) -> bool:
        """Is this event about the media the panel is showing now?"""
        return self._bridge is not None and generation == self._bridge.generation

    @Slot(int)
    def _on_opening(self, generation: int) -> None:
        if self._current(generation) and self._state not in (PLAYING, PAUSED):
            self._set_state(OPENING)

    @Slot(int, float)
    def _on_buffering(self, generation: int, percent: float) -> None:
        if not self._current(generation) or self._state not in (OPENING, PLAYING):
            return
        self.controls.status_label.setText("" if percent >= 100 else f"Buffering {percent:.0f}%")

    @Slot(int)
    def _on_playing(self, generation: int) -> None:
        if not self._current(generation):
            return
        self._open_watchdog.stop()
        self._show_media_page()
        if self._pending_start_ms:
            # Seek once playing: libVLC's :start-time option is ignored by its
            # HLS demuxer when the master has alternative audio renditions.
            self._player.set_time(self._pending_start_ms)
            self._pending_start_ms = 0
        # libVLC applies volume/mute to the audio output created for this media.
        self._player.audio_set_volume(self._volume)
        self._player.audio_set_mute(self._muted)
        self._progress_at = time.monotonic()
        self._set_state(PLAYING)
        self.controls.status_label.setText("")
        self._on_poll()
        self._track_refresh.start()
        if not self._poll.isActive():
            self._poll.start()

    @Slot()
    def _on_open_timeout(self) -> None:
        if self._player is not None and self._state == OPENING:
            self._fail(health.open_timeout_text(self.OPEN_TIMEOUT_MS))

    @Slot(int)
    def _on_paused(self, generation: int) -> None:
        if self._current(generation):
            self._set_state(PAUSED)

    @Slot(int)
    def _on_stopped(self, generation: int) -> None:
        # Only a stop the panel did not ask for (those bump the generation).
        if self._current(generation) and self._state not in (ERROR, IDLE):
            self._poll.stop()
            self._set_state(STOPPED)

    @Slot(int)
    def _on_end_reached(self, generation: int) -> None:
        if not self._current(generation):
            return
        self._poll.stop()
        verdict = health.judge_end(
            live=self._request is not None and self._request.live, length_ms=self._length,
            max_time_seen_ms=self._max_time_seen, position_ms=self._position_ms,
            seek_target_ms=self._seek_target_ms, early_end_ms=self.EARLY_END_MS)
        if verdict is health.EndVerdict.ENDED:
            self._set_state(ENDED)
            self._refresh_time(self._length, self._length)
            return
        at = self._position_ms
        # An early end: Retry continues the recording from where it stopped.
        self._fail(health.end_text(verdict, at, self._length),
                   resume_ms=at if verdict is health.EndVerdict.EARLY else 0)

    @Slot(int)
    def _on_error(self, generation: int) -> None:
        # libVLC moves on from Error to Ended quickly, so don't re-check its state.
        if self._current(generation) and self._state != ERROR:
            self._fail(MSG_PLAY_FAILED)

    @Slot(int, int)
    def _on_vout(self, generation: int, count: int) -> None:
        if self._current(generation):
            self._vout_count = count
            self._update_controls()

    @Slot(int, "qlonglong")
    def _on_length(self, generation: int, length: int) -> None:
        if self._current(generation) and length > 0:
            self._length = int(length)
            self._update_controls()
            self._refresh_time(max(0, self._player.get_time()), self._length)

    @Slot(int, int)
    def _on_es_changed(self, generation: int, _es_type: int) -> None:
        if self._current(generation):
            self._track_refresh.start()

    @Slot()
    def _on_poll(self) -> None:
        if self._player is None:
            return
        reported = int(self._player.get_time())
        # libVLC reports -1 (no input time) or 0 for a while after a seek, while paused or while
        # its input restarts; the panel then keeps the position it knows (the last poll or
        # seek) instead of showing 00:00 for a player paused at 1.9 s.
        if reported < 0 or (reported == 0 and self._state != PLAYING):
            now = self._position_ms
        else:
            now = reported
        length = max(0, int(self._player.get_length()))
        if length != self._length and length > 0:
            self._length = length
            self._update_controls()
        self._max_time_seen = max(self._max_time_seen, now)
        if health.clock_moved(self._state, now, self._position_ms):
            self._progress_at = time.monotonic()
        elif health.is_stalled(self._state, self._progress_at, time.monotonic(), self.STALL_TIMEOUT_MS):
            self._fail(health.stall_text(self.STALL_TIMEOUT_MS), resume_ms=now)
            return
        self._position_ms = now
        self._refresh_time(now, self._length)
