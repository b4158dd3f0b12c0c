"""The CLI's one executor for listing pages 2..N concurrently (see `api.pagination`).

Created on first use and shared by every listing the command makes, so paging never builds a
thread pool per call. Its threads are the standard library's: the interpreter waits for a page
already on the wire at exit, bounded by the HTTP deadline.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from fastpix_viewer.api.pagination import DEFAULT_CONCURRENCY

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def page_executor() -> ThreadPoolExecutor:
    """The shared executor (at most `DEFAULT_CONCURRENCY` page requests at once)."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=DEFAULT_CONCURRENCY, thread_name_prefix="fastpix-page")
        return _executor
