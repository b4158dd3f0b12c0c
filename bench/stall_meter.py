"""A 1 ms timer on the main thread: the gaps between its ticks are how long the event loop
was busy (a gap of 40 ms means the user's input would have waited up to 40 ms)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer

from bench.common import percentile


class StallMeter:
    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.gaps: list[float] = []
        self.on_tick: Callable[[], None] | None = None  # diagnostics (stall_stacks)

    def _tick(self) -> None:
        now = time.monotonic()
        self.gaps.append((now - self._last) * 1000.0)
        self._last = now
        if self.on_tick is not None:
            self.on_tick()

    def start(self) -> None:
        self.gaps = []
        self._last = time.monotonic()
        self._timer.start()

    def stop(self) -> dict[str, Any]:
        self._timer.stop()
        self._tick()  # the time since the last tick counts too
        gaps = self.gaps
        return {"max_ms": max(gaps), "p99_ms": percentile(gaps, 99), "ticks": len(gaps),
                "over_16ms": sum(1 for g in gaps if g > 16), "over_50ms": sum(1 for g in gaps if g > 50)}
