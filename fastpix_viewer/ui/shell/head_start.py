"""The first page of live streams, asked for before the window is built (issue 15).

Building the main window takes ~70 ms. Started first, on a worker, the request for the first
page of live streams is answered and parsed by the time the window's streams loader asks for
that page, so the window's first paint already has the rows: no empty list painted first and
the whole window painted again when they land. Measured in bench/README.md.

Used once: only the loader's first request for page 1 takes it. A failure is the loader's
failure, as if it had asked itself. Qt-free (a `concurrent.futures.Future` carries the page
between the two workers)."""

from __future__ import annotations

import threading
from concurrent import futures
from typing import Any

from fastpix_viewer.api import FastPixClient
from fastpix_viewer.api.cancel import CancelLike

POLL_S = 0.05  # how often a waiting loader looks at its cancel token


class HeadStart:
    """Asks for page 1 of live streams at once, on `pool`; `streams_page` hands it over."""

    def __init__(self, pool: Any, client: FastPixClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._ahead: futures.Future[Any] | None = futures.Future()
        pool.run(self._fetch, self._ahead)

    def _fetch(self, ahead: futures.Future[Any]) -> None:
        if not ahead.set_running_or_notify_cancel():
            return  # the loader stopped waiting for it before it began, and asked itself
        try:
            ahead.set_result(self._client.streams_page(1))
        except BaseException as problem:  # handed to the loader, which reports it
            ahead.set_exception(problem)

    def streams_page(self, page: int, cancel: CancelLike | None = None) -> Any:
        """Page `page` of live streams: the one asked for ahead the first time page 1 is
        wanted, else a request of its own. Runs on a worker: it may wait."""
        with self._lock:
            ahead, self._ahead = (self._ahead, None) if page == 1 else (None, self._ahead)
        # A head start that has not begun (every worker busy) is not waited for: with a pool of
        # one thread it never would begin while this job holds that thread.
        if ahead is not None and not ahead.cancel():
            while not ahead.done():
                if cancel is not None and cancel.is_set():
                    break  # the request below ends at once the way a cancelled one does
                futures.wait([ahead], timeout=POLL_S)
            else:
                return ahead.result()
        return self._client.streams_page(page, cancel=cancel)
