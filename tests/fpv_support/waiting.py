"""Waiting on a condition instead of sleeping a fixed time (for tests without a Qt event loop;
Qt tests use `qtbot.waitUntil`). A fixed sleep is either too short on a busy machine (a flaky
failure) or longer than needed (a slow suite); polling returns as soon as the condition holds."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(condition: Callable[[], T], *, timeout: float = 10.0, step: float = 0.05, what: str = "") -> T:
    """Poll `condition` until it returns something truthy and return that; AssertionError after
    `timeout` seconds (naming `what`, and the last value seen)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"gave up after {timeout:g} s waiting for {what or condition!r} (last: {value!r})")
        time.sleep(step)
