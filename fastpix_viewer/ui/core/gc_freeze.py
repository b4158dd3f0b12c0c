"""Giving back what `gc.freeze()` keeps, once a window has been replaced.

The lists call `gc.freeze()` after rows join a model: it moves every object the collector
tracks into a permanent generation it never walks again, so a full collection no longer walks
every record of a 10,000-media list while holding the GIL (169-182 ms stalls, issue 15). But
it freezes whatever exists at that moment: a window's Python objects are frozen while the
window is open, and once a workspace switch (or a reopen) replaces it, those of its objects
that sit in reference cycles are garbage the collector never looks at again, with the native
memory they hold (records, decoded pictures, Qt objects).

`thaw_when_idle` runs once the new window has loaded its lists: unfreeze, one full collection
(the old window's cycles go), freeze again. One full walk per window replaced.

Not done: collecting the young generations before every freeze (one explicit collection per
page appended); 4-minute soaks with and without it were within their noise."""

from __future__ import annotations

import gc
import logging
from typing import Any

log = logging.getLogger(__name__)


def thaw_and_collect() -> int:
    """Give back frozen garbage: unfreeze, collect everything, freeze again. Returns how many
    unreachable objects the collection found."""
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()
    return found


IDLE_POLL_MS = 1000
IDLE_WAIT_POLLS = 60


def thaw_when_idle(window: Any, polls: int = IDLE_WAIT_POLLS) -> None:
    """After a window replaced another: `thaw_and_collect()` once `window` has finished
    loading its lists (the full walk is one pause, better not in the middle of a load), or
    after `polls` seconds whatever it is doing. Nothing if the window closes meanwhile."""
    from PySide6.QtCore import QTimer

    def check(left: int) -> None:
        if window.is_closed():
            return
        if window.is_loading() and left > 0:
            QTimer.singleShot(IDLE_POLL_MS, window, lambda: check(left - 1))
            return
        found = thaw_and_collect()
        log.info("replaced window: %d unreachable objects collected", found)

    QTimer.singleShot(IDLE_POLL_MS, window, lambda: check(polls))
