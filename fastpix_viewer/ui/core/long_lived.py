"""Moving long-lived rows out of the cyclic GC's walks, only where that pays.

`gc.freeze()` moves every object the collector tracks into a generation it never walks again:
after a list of 10,000 media has loaded, a full collection no longer walks every record while
holding the GIL (169-182 ms stalls, issue 15). But it freezes whatever exists at that moment,
garbage included: a reference cycle nobody can reach any more (a failed request's exception
and the frames of its traceback, a finished job's closures, a replaced window's objects) is
frozen before the collector has found it and never freed, with the native memory it holds.
The lists froze after every page, so every refresh froze more garbage: in the 30-minute chaos
soak (a workspace of a few dozen media) 494,000 objects ended up frozen and the C heap in use
grew 75 -> 456 MB.

Below `FREEZE_MIN_ROWS` live rows a full collection is cheap, so nothing is frozen there.

Once per process, right after start-up has imported the app's modules (their functions, classes
and Qt enum members: ~44,000 tracked objects, ~8 ms of every full collection), they are frozen
too: they live as long as the process, and at that point no list, request or window has made
garbage yet. A 1,000-media load had a full collection of 18-33 ms on a worker, holding the GIL
(the main thread's longest gaps); none with the modules frozen (issue 15)."""

from __future__ import annotations

import gc

FREEZE_MIN_ROWS = 5_000
_start_up_frozen = False


def freeze_start_up() -> None:
    """`gc.freeze()` once per process, after start-up's imports and before the first window."""
    global _start_up_frozen
    if not _start_up_frozen:
        _start_up_frozen = True
        gc.freeze()


def freeze_if_large(rows: int) -> bool:
    """`gc.freeze()` when `rows` records are alive in a list (or an index), else nothing.
    True when it froze."""
    if rows < FREEZE_MIN_ROWS:
        return False
    gc.freeze()
    return True
