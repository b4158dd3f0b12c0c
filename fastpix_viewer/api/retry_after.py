"""`Retry-After`: reading the header (seconds or an HTTP date) and remembering, per host, until
when the server asked every thread to stay away."""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable


def parse_retry_after(value: str | None, *, wall_clock: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date); None if absent/unreadable."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - wall_clock()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN / inf
        return None
    return max(0.0, seconds)


class HostCooldowns:
    """`Retry-After` bookkeeping: until when each host asked us to stay away (monotonic time)."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def push(self, host: str, until: float) -> None:
        with self._lock:
            if until > self._until.get(host, 0.0):
                self._until[host] = until

    def remaining(self, host: str, now: float) -> float:
        with self._lock:
            return max(0.0, self._until.get(host, 0.0) - now)
