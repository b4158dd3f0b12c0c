"""Background loops step aside while the UI thread paints.

Why (issue 15, `bench/gil_convoy.py`): a Qt paint of a list backed by a Python model calls
into Python thousands of times (data(), rowCount(), the delegates), and every call takes the
GIL again. While a worker thread runs pure Python (parsing a page, preparing rows), each of
those takes waits for the worker to be forced off the GIL, so one repaint that takes ~30 ms
alone took ~0.5 s beside one busy worker and ~3 s beside two, the "stalls" of the workspace
bench. The UI marks its GIL-heavy stretches with `foreground()`; the loops that keep a worker
busy in Python call `pause_point()` between items, which sleeps (the GIL released) while a
foreground stretch lasts, never longer than `MAX_PAUSE_S` at a time.

The rest of the UI thread's Python calls (other widgets, signals, timers) are served by a
shorter GIL slice: `shorten_gil_slices()` (the app's start calls it) makes a busy worker give
the GIL up after 0.2 ms instead of CPython's 5 ms. Measured together at 10,000 media: the
longest stall 0.8-1.0 s -> 0.13 s, p99 36-40 -> 23 ms with a 1 ms slice (bench/README.md,
"GIL convoy"). Most of the main thread's remaining gaps were then spent asleep waiting for
the GIL (its CPU and run-queue times during a gap were a fraction of the gap): a 0.2 ms slice
took the p99 at 10,000 media from 13-19 to 9-10 ms and the longest stall at 1,000 media from
33-58 to 27-46 ms, with the same load time (issue 15, 2026-12-05).

No Qt here: the API layer's parsers call `pause_point()` too (`records`, insights)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

GIL_SLICE_S = 0.0002  # CPython's default is 0.005
MAX_PAUSE_S = 0.05  # a background loop never waits longer than this per item
_NAP_S = 0.0003

_foreground = 0  # nesting depth; only the UI thread changes it
_ui_thread: int | None = None


@contextmanager
def foreground() -> Iterator[None]:
    """Mark a stretch of UI-thread work that calls into Python a great deal (a list's paint,
    a batch of rows joining a model); background loops pause meanwhile."""
    global _foreground, _ui_thread
    _ui_thread = threading.get_ident()
    _foreground += 1
    try:
        yield
    finally:
        _foreground -= 1


def in_foreground() -> bool:
    return _foreground > 0


def pause_point() -> None:
    """Called by background loops between items: wait while the UI thread is in a foreground
    stretch (at most MAX_PAUSE_S). Free when it is not; a no-op on the UI thread itself."""
    if not _foreground or threading.get_ident() == _ui_thread:
        return
    deadline = time.monotonic() + MAX_PAUSE_S
    while _foreground and time.monotonic() < deadline:
        time.sleep(_NAP_S)


def shorten_gil_slices() -> None:
    """Make threads running Python hand the GIL over after GIL_SLICE_S (see the module doc)."""
    sys.setswitchinterval(GIL_SLICE_S)


# One background thread at a time runs the CPU-bound Python of a listing (decoding a page,
# building its records, preparing its rows); the network waits stay concurrent. With the
# whole pool parsing at once, each of the UI thread's Python calls waited behind several
# threads for the GIL; with one, behind at most one. 10,000 media, five runs each: all rows
# 4.61 -> 4.38 s, stall p99 19.3 -> 15.3 ms, gaps over 16 ms 33 -> 22 (bench/README.md).
# Re-entrant: a parse that parses again on the same thread must not wait for itself.
cpu_turn = threading.RLock()

