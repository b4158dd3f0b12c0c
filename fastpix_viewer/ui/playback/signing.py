"""Long private playback: a signed URL gets a fresh token before this one expires, and
playback continues at the same position (private live streams and long pauses included).
When is decided by the Qt-free rules in health.py (`resign_delay_s`, `token_due`).

A mixin of `PlaybackController` (controller.py). Main thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer

from fastpix_viewer.api import Media
from fastpix_viewer.ui.playback import health

log = logging.getLogger(__name__)


class Resigning:
    """Re-signs the current plan before its token expires, while it plays."""

    def _init_resigning(self) -> None:
        self.clock: Callable[[], float] = time.time  # wall clock, as tokens' exp is
        self.resign_count = 0  # signed URLs replaced before expiry (diagnostics, tests)
        self._signed_at = 0.0
        self._resign_timer = QTimer(self)
        self._resign_timer.setSingleShot(True)
        self._resign_timer.timeout.connect(self._resign_due)

    def _schedule_resign(self) -> None:
        """A signed plan gets a fresh token (same position) before this one expires."""
        self._resign_timer.stop()
        plan = self._plan
        if plan is None or not plan.expires_at:
            return
        self._signed_at = self.clock()
        delay = health.resign_delay_s(plan.expires_at, self._signed_at, self.clock())
        self._resign_timer.start(int(delay * 1000))

    def _token_due(self) -> bool:
        plan = self._plan
        return plan is not None and health.token_due(plan.expires_at, self._signed_at, self.clock())

    def _resign_due(self) -> None:
        if self._phase != "playing" or self._plan is None:
            return
        if self._panel.state() == "playing":
            self._resign()
        # Paused, ended or stopped: nothing is fetched now; playing again re-signs if due.

    def _on_playing_changed(self, playing: bool) -> None:
        if playing and self._phase == "playing" and self._token_due():
            self._resign()

    def _resign(self) -> None:
        """Replace the expiring signed URL, continuing where the video is."""
        item = self._item
        if item is None:
            return
        self.resign_count += 1
        resume = self._panel.position_ms() if isinstance(item, Media) else 0
        log.info("re-signing playback of %s before its token expires", getattr(self._plan, "playback_id", "?"))
        self._prepare(resume_ms=resume)
