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

Below `FREEZE_MIN_ROWS` live rows a full collection is cheap, so nothing is frozen there."""

from __future__ import annotations

import gc

FREEZE_MIN_ROWS = 5_000


def freeze_if_large(rows: int) -> bool:
    """`gc.freeze()` when `rows` records are alive in a list (or an index), else nothing.
    True when it froze."""
    if rows < FREEZE_MIN_ROWS:
        return False
    gc.freeze()
    return True
