"""FastPix paging (1-based page `offset`, `limit` 1-50, `pagination.offsetCount` = page count).

`iter_all_pages` fetches page 1, learns the page count, then fetches the rest and yields pages
strictly in order as soon as each next one is available, so a UI can show results
progressively. Cancelling stops new requests at once.

No pool inside a pool: this module never creates threads. Given an `executor` (the CLI passes
one shared, long-lived executor), pages 2..N go to it at most `concurrency` at a time; without
one, they are fetched one after another on the caller's thread. The desktop app calls this from
inside a worker-pool job (e.g. resolving a pasted playback ID), where one request at a time is
the bounded concurrency; its lists page through the worker pool itself (ui/shell/paged_loader).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import TypeVar

from fastpix_viewer.api.cancel import CancelLike, raise_if_cancelled
from fastpix_viewer.api.errors import InputError, ProtocolError
from fastpix_viewer.api.models import Page, Unreadable

M = TypeVar("M")
FetchPage = Callable[[int], Page[M]]

MIN_LIMIT, MAX_LIMIT = 1, 50
DEFAULT_CONCURRENCY = 4
# Protects against a broken `offsetCount` (e.g. 10**9) turning into an endless crawl.
MAX_PAGES = 2000
_POLL = 0.1  # how often a waiting iterator looks at the cancel flag (seconds)


def check_limit(limit: int) -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or not MIN_LIMIT <= limit <= MAX_LIMIT:
        raise InputError(f"The page size must be between {MIN_LIMIT} and {MAX_LIMIT}.")
    return limit


def check_page(page: int) -> int:
    if not isinstance(page, int) or isinstance(page, bool) or page < 1:
        raise InputError("Page numbers start at 1.")
    return page


def _page_count(first: Page[M]) -> int:
    count = first.page_count  # capped by what totalRecords promised at the page size asked for
    if not count:
        return 1
    if count > MAX_PAGES:
        raise ProtocolError(f"FastPix reported {count} pages, more than this app will fetch ({MAX_PAGES}).")
    return max(1, count)


def iter_pages(fetch_page: FetchPage[M], cancel: CancelLike | None = None) -> Iterator[Page[M]]:
    """Pages one after another (one request at a time)."""
    raise_if_cancelled(cancel)
    first = fetch_page(1)
    yield first
    for number in range(2, _page_count(first) + 1):
        raise_if_cancelled(cancel)
        yield fetch_page(number)


def iter_all_pages(
    fetch_page: FetchPage[M],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    cancel: CancelLike | None = None,
    executor: Executor | None = None,
) -> Iterator[Page[M]]:
    """All pages in order; with an `executor`, pages 2..N run on it at most `concurrency` at a
    time, without one they are fetched one by one on this thread (no thread is created).

    Raises `Cancelled` when `cancel` is set (no new request starts after that) and the first
    failure of any page when the iteration reaches it. Never call it from a task of the same
    `executor`: that task would wait for pages queued behind itself.
    """
    if executor is None:
        yield from iter_pages(fetch_page, cancel)
        return
    concurrency = max(1, int(concurrency))
    raise_if_cancelled(cancel)
    first = fetch_page(1)
    yield first
    total = _page_count(first)
    if total == 1:
        return
    pending: dict[int, Future[Page[M]]] = {}
    finished: dict[int, Future[Page[M]]] = {}
    next_submit, next_yield = 2, 2
    try:
        while next_yield <= total:
            raise_if_cancelled(cancel)
            while len(pending) < concurrency and next_submit <= total:
                pending[next_submit] = executor.submit(_fetch_unless_cancelled, fetch_page, next_submit, cancel)
                next_submit += 1
            if next_yield not in finished:
                done, _ = wait(pending.values(), timeout=_POLL, return_when=FIRST_COMPLETED)
                for number in [n for n, f in pending.items() if f in done]:
                    finished[number] = pending.pop(number)
            while next_yield in finished:
                page = finished.pop(next_yield).result()  # re-raises that page's failure
                next_yield += 1
                yield page
                raise_if_cancelled(cancel)
    finally:
        # The executor is shared and outlives this iteration: withdraw only our own requests.
        for future in pending.values():
            future.cancel()


def _fetch_unless_cancelled(fetch_page: FetchPage[M], number: int, cancel: CancelLike | None) -> Page[M]:
    raise_if_cancelled(cancel)
    return fetch_page(number)


def fetch_all(
    fetch_page: FetchPage[M],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_page: Callable[[Page[M]], None] | None = None,
    cancel: CancelLike | None = None,
    executor: Executor | None = None,
) -> list[M | Unreadable]:
    """Every item of every page, in order; `on_page` sees each page as it arrives (in order).
    `executor` and `concurrency` as in `iter_all_pages`."""
    items: list[M | Unreadable] = []
    for page in iter_all_pages(fetch_page, concurrency=concurrency, cancel=cancel, executor=executor):
        items.extend(page.items)
        if on_page is not None:
            on_page(page)
    return items
