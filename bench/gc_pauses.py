"""Records Python garbage-collection pauses (duration, generation, thread) via gc.callbacks:
a full collection walks every tracked object, and with tens of thousands of records in
memory it can stop whichever thread triggered it, the main thread included."""

from __future__ import annotations

import gc
import threading
import time
from typing import Any


class GcPauses:
    def __init__(self) -> None:
        self._start: dict[int, float] = {}
        self.pauses: list[tuple[float, int, bool]] = []  # ms, generation, on the main thread
        self._main = threading.main_thread().ident

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        ident = threading.get_ident()
        if phase == "start":
            self._start[ident] = time.perf_counter()
        elif ident in self._start:
            took = (time.perf_counter() - self._start.pop(ident)) * 1000
            self.pauses.append((took, info.get("generation", -1), ident == self._main))

    def start(self) -> None:
        gc.callbacks.append(self._callback)

    def stop(self) -> dict[str, Any]:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)
        main = [p for p in self.pauses if p[2]]
        return {"collections": len(self.pauses), "main_thread_collections": len(main),
                "main_thread_max_ms": max((p[0] for p in main), default=0.0),
                "main_thread_total_ms": sum(p[0] for p in main),
                "gen2_max_ms": max((p[0] for p in self.pauses if p[1] == 2), default=0.0),
                "gen2_count": sum(1 for p in self.pauses if p[1] == 2)}
