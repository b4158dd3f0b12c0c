"""Diagnostics: what every thread was doing during long main-thread stalls.

Each tick of the stall meter re-arms `faulthandler.dump_traceback_later(threshold)`; when the
main thread misses the next tick by `threshold` seconds, faulthandler's own C thread writes
the Python stack of every thread to the file, without taking the GIL. (The earlier sampler
was a Python thread: it needed the GIL it was trying to observe and hung the driver.)
A stall while the main thread waits for the GIL shows it in `wait_until` (Qt's event loop)
with the workers' stacks naming who holds the GIL; see bench/README.md, "the stalls
explained". Off unless asked for (FPV_BENCH_STALL_STACKS=path)."""

from __future__ import annotations

import faulthandler
from typing import IO

from bench.stall_meter import StallMeter


class StallStacks:
    def __init__(self, meter: StallMeter, path: str, threshold_ms: float = 50.0) -> None:
        self._meter = meter
        self._threshold = threshold_ms / 1000
        self._out: IO[str] = open(path, "w")

    def start(self) -> None:
        self._meter.on_tick = self._rearm

    def _rearm(self) -> None:
        faulthandler.dump_traceback_later(self._threshold, repeat=False, file=self._out)

    def stop(self) -> None:
        self._meter.on_tick = None
        faulthandler.cancel_dump_traceback_later()
        self._out.close()
