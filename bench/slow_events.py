"""Diagnostics: a QApplication that logs every event whose delivery took long (receiver,
event type, duration), to name what stalls the main thread. Off unless asked for
(FPV_BENCH_SLOW_EVENTS=path); it costs a Python call per event when on."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QApplication


class TimingApplication(QApplication):
    threshold_s = 0.03

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.slow: list[tuple[float, float, str, str]] = []
        self.depth = 0

    def notify(self, receiver: Any, event: Any) -> bool:
        self.depth += 1
        start = time.monotonic()
        try:
            return super().notify(receiver, event)
        finally:
            self.depth -= 1
            took = time.monotonic() - start
            if took > self.threshold_s and self.depth == 0:
                name = f"{type(receiver).__name__}#{receiver.objectName()}" if receiver is not None else "?"
                parent = receiver.parent() if receiver is not None and hasattr(receiver, "parent") else None
                if parent is not None:
                    name += f" in {type(parent).__name__}#{parent.objectName()}"
                self.slow.append((start, took, name, str(event.type()).rsplit(".", 1)[-1]))

    def dump(self, path: str, origin: float) -> None:
        with open(path, "w") as out:
            for start, took, name, kind in self.slow:
                out.write(f"t={start - origin:7.3f}s {took * 1000:7.1f} ms  {kind:<22} {name}\n")
