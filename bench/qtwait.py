"""Waiting inside a running Qt event loop (so queued signals, timers and pool results flow)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer


def wait_until(predicate: Callable[[], bool], timeout: float, what: str = "condition") -> None:
    if predicate():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    timer = QTimer()
    timer.setInterval(1)

    def check() -> None:
        if predicate() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not predicate():
        raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def settle(seconds: float) -> None:
    """Run the event loop for a while (lets late events and deleteLater()s through)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
