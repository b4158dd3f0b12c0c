"""Diagnostics: what the main thread was doing during long stalls.

A watchdog thread samples the main thread's Python stack whenever the stall meter has not
ticked for `threshold_ms`; the most frequent stacks name the cause. Off unless asked for
(FPV_BENCH_STALL_STACKS=path)."""

from __future__ import annotations

import collections
import sys
import threading
import time
import traceback

from bench.stall_meter import StallMeter


class StallStacks:
    def __init__(self, meter: StallMeter, threshold_ms: float = 20.0) -> None:
        self._meter = meter
        self._threshold = threshold_ms / 1000
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self.samples: collections.Counter[str] = collections.Counter()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.004):
            if time.monotonic() - self._meter._last > self._threshold:
                frame = sys._current_frames().get(self._main)
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-8:]
                    self.samples["\n".join(f"  {f.filename.split('/work/main/')[-1]}:{f.lineno} {f.name}"
                                           for f in stack)] += 1

    def stop(self, path: str) -> None:
        self._stop.set()
        with open(path, "w") as out:
            for stack, count in self.samples.most_common(15):
                out.write(f"{count} samples (×4 ms)\n{stack}\n\n")
