"""Cooperative cancellation shared between a UI thread and worker threads."""

from __future__ import annotations

import threading
from typing import Protocol

from fastpix_viewer.api.errors import Cancelled


class CancelLike(Protocol):
    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


class CancelToken(threading.Event):
    """A `threading.Event` with intention-revealing names; any Event works where one is accepted."""

    def cancel(self) -> None:
        self.set()

    @property
    def cancelled(self) -> bool:
        return self.is_set()


def raise_if_cancelled(cancel: CancelLike | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()
