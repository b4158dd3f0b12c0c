"""Giving freed heap memory back to the system (glibc's `malloc_trim`).

The soak (issue 15) showed the Python heap flat (tracemalloc: +2 MB over 4 minutes) while RSS
grew by 160 MB: memory libVLC's decoder threads, Qt and httpx freed stays mapped in glibc's
per-thread arenas, fragmented, and `free()` only returns the top of an arena. `malloc_trim(0)`
releases every free page of every arena. It walks the arenas under their locks, so it runs on
a worker thread, every `INTERVAL_MS` and after a window or a playback goes away. A no-op where
the C library has no `malloc_trim` (macOS, Windows, musl). `limit_arenas` caps how many
arenas there are in the first place."""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

INTERVAL_MS = 30_000


def _load_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = _libc()
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def _libc() -> ctypes.CDLL:
    # The process's own symbols (libc is loaded): ctypes.util.find_library would run
    # `ldconfig -p` in a subprocess on every start (measured: it showed up in start-up CPU).
    return ctypes.CDLL(None)


M_ARENA_MAX = -8  # glibc's mallopt parameter
ARENAS = 2


def limit_arenas(count: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas (default 8 per core): with libVLC's, Qt's and the pool's
    threads each filling an arena of its own, freed memory was spread thin over many arenas
    and RSS grew (soak: +14 % with 2 arenas vs +44 % with the default over 3 minutes, same
    seed). Call before the app starts its threads; True when the C library took it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = _libc()
        return bool(libc.mallopt(M_ARENA_MAX, int(count)))
    except (OSError, AttributeError):
        return False


_trim: Callable[[int], int] | None = None
_looked_up = False


def release_free_memory() -> bool:
    """Return free heap pages to the system; True when the C library could do it."""
    global _trim, _looked_up
    if not _looked_up:
        _trim, _looked_up = _load_trim(), True
    if _trim is None:
        return False
    _trim(0)
    return True


class MemoryTrimmer:
    """Runs `release_free_memory` on the worker pool every `INTERVAL_MS` (and on `request()`).

    Not a QObject, so importing this module does not load Qt (`app.main` calls `limit_arenas`
    before PySide6 is imported); its timer is a child of `parent`."""

    def __init__(self, pool: Any, parent: Any = None, interval_ms: int = INTERVAL_MS) -> None:
        from PySide6.QtCore import QTimer

        self._pool = pool
        self._timer = QTimer(parent)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.request)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def request(self) -> None:
        # One at a time: a newer request supersedes one still waiting (same key).
        self._pool.run(_trim_now, key="malloc-trim")


def _trim_now() -> bool:
    return release_free_memory()  # looked up at call time (tests replace it)
