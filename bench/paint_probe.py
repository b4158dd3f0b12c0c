"""Notices the first paint of a view that shows rows (an event filter on its viewport).

The paint event is delivered before the widget draws; the time is taken in a zero timer
right after it, so the rows have been drawn (and flushed) when it is read."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer


class FirstPaint(QObject):
    """Calls `done(monotonic_time)` once, after the first paint where `ready()` holds."""

    def __init__(self, viewport: Any, ready: Callable[[], bool], done: Callable[[float], None]) -> None:
        super().__init__(viewport)
        self._ready = ready
        self._done = done
        self._fired = False
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._fired and event.type() == QEvent.Type.Paint and self._ready():
            self._fired = True
            QTimer.singleShot(0, lambda: self._done(time.monotonic()))
        return False
