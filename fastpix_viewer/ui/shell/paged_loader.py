"""Background loading of whole listings into a `RecordTableModel`, page by page, in order.

The API layer's own fetch-all helpers start a thread pool of their own; in the app that
would be a pool nested inside the one `WorkerPool`. So the orchestration lives here, on
the main thread: page 1 is fetched (and parsed, and its rows prepared) in a job, which
tells how many pages there are; then at most `concurrency` page jobs are in flight at a
time, and pages are handed to the model strictly in order (early ones wait in a buffer),
so rows appear as they arrive and the list grows in the server's order.

A new `start()` supersedes the previous load (generation counter + cancelled jobs). A
failure stops the load and reports one sentence; rows already shown stay (a refresh that
fails keeps the old list). A refresh that completes drops rows that no longer exist.

`RecordingsLoader` does the same for a stream's recordings: one `get_media` per ID, bounded,
in the order given (newest first), with an unreadable row for an ID that cannot be fetched.
An ID FastPix answers 404 for is a deleted recording (streams keep listing deleted media
IDs): it gets no row at all, so a refresh after a delete never brings back a ghost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.errors import Cancelled, FastPixError, NotFoundError
from fastpix_viewer.api.models import Page, Unreadable
from fastpix_viewer.api.pagination import MAX_PAGES
from fastpix_viewer.api.step_aside import cpu_turn, foreground
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.long_lived import freeze_if_large
from fastpix_viewer.ui.core.worker import Job, WorkerPool
from fastpix_viewer.ui.lists.record_table import PreparedRows, RecordTableModel

log = logging.getLogger(__name__)

FetchPage = Callable[[int, CancelLike], Page[Any]]


class _OrderedLoader(QObject):
    """Shared bookkeeping: generations, bounded in-flight jobs, in-order delivery."""

    progress = Signal(int, object)  # rows loaded so far, total rows (None while unknown)
    finished = Signal(int)  # rows loaded
    failed = Signal(str)  # a plain sentence

    def __init__(self, pool: WorkerPool, model: RecordTableModel, concurrency: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._model = model
        self._concurrency = max(1, int(concurrency))
        self._generation = 0
        self._jobs: dict[int, Job] = {}
        self._buffer: dict[int, Any] = {}
        self._next_deliver = 1
        self._next_submit = 1
        self._units = 0  # how many units this load has (0 = not known yet)
        self._loaded = 0
        self._total: int | None = None
        self._loading = False
        self._error = ""

    # -- public ----------------------------------------------------------------------

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def error(self) -> str:
        """The last failure's sentence ("" after a successful or running load)."""
        return self._error

    @property
    def loaded(self) -> int:
        return self._loaded

    @property
    def total(self) -> int | None:
        return self._total

    def cancel(self) -> None:
        """Stop the current load; its late answers are dropped."""
        self._generation += 1
        for job in self._jobs.values():
            job.cancel()
        self._jobs.clear()
        self._buffer.clear()
        self._loading = False

    # -- subclass hooks --------------------------------------------------------------

    def _work(self, unit: int, cancel: CancelLike) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _deliver(self, unit: int, result: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _complete(self) -> None:
        pass

    # -- machinery -------------------------------------------------------------------

    def _begin(self, units: int) -> None:
        self.cancel()
        self._loading = True
        self._error = ""
        self._next_deliver = 1
        self._next_submit = 1
        self._units = units
        self._loaded = 0
        self._fill()

    def _fill(self) -> None:
        limit = self._units if self._units else 1
        while len(self._jobs) < self._concurrency and self._next_submit <= limit:
            self._submit(self._next_submit)
            self._next_submit += 1
        if self._units and self._next_deliver > self._units and not self._jobs:
            self._loading = False
            self._complete()
            self.finished.emit(self._loaded)

    def _submit(self, unit: int) -> None:
        generation = self._generation
        self._jobs[unit] = self._pool.run(
            self._run_unit, unit,
            on_done=lambda result: self._on_done(generation, unit, result),
            on_error=lambda exc: self._on_error(generation, unit, exc),
            owner=self, pass_token=True,
        )

    def _run_unit(self, unit: int, *, cancel: CancelLike) -> Any:
        return self._work(unit, cancel)

    def _on_done(self, generation: int, unit: int, result: Any) -> None:
        if generation != self._generation:
            return
        self._jobs.pop(unit, None)
        self._buffer[unit] = result
        while self._next_deliver in self._buffer:
            number = self._next_deliver
            self._deliver(number, self._buffer.pop(number))
            self._next_deliver += 1
            if generation != self._generation:  # a slot restarted or cancelled us
                return
            self.progress.emit(self._loaded, self._total)
        self._fill()

    def _on_error(self, generation: int, unit: int, exc: BaseException) -> None:
        if generation != self._generation or isinstance(exc, Cancelled):
            return
        if not isinstance(exc, FastPixError):
            log.error("loading failed", exc_info=(type(exc), exc, exc.__traceback__))
        message = describe_failure(exc)
        self.cancel()
        self._error = message
        self.failed.emit(message)


# Pages that arrive within this interval reach the model together: each append re-lays out
# and repaints the views (Qt repaints the whole list even when the new rows are out of
# sight), and one repaint per page kept the main thread busy for most of a large load
# (bench/README.md, figure 3). The first page is shown at once; a load still running after
# LONG_LOAD_S appends less often: its rows are far below what the user is looking at, and
# the count beside the list says how far it has got.
APPEND_INTERVAL_S = 0.1
LONG_LOAD_S = 1.0
LONG_LOAD_APPEND_INTERVAL_S = 0.5


class PagedLoader(_OrderedLoader):
    """Loads every page of a listing into `model` (see the module docstring)."""

    def __init__(self, pool: WorkerPool, model: RecordTableModel, fetch_page: FetchPage, *,
                 concurrency: int = 4, parent: QObject | None = None) -> None:
        super().__init__(pool, model, concurrency, parent)
        self._fetch_page = fetch_page
        self._refresh = False
        self._seen: list[Any] = []
        self._held: list[Any] = []  # prepared rows waiting for the next append
        self._last_append = 0.0
        self._started_at = 0.0
        self._append_timer = QTimer(self)
        self._append_timer.setSingleShot(True)
        self._append_timer.timeout.connect(self._append_held)

    def cancel(self) -> None:
        super().cancel()
        self._append_timer.stop()
        self._held = []

    def _append_held(self) -> None:
        self._append_timer.stop()
        rows, self._held = self._held, []
        self._last_append = time.monotonic()
        if rows:
            with foreground():  # the model's and views' Python calls: workers pause (api.step_aside)
                self._model.append_rows(PreparedRows(self._model, rows))
            # The rows (and their records) live as long as the list: move them out of the
            # cyclic GC's reach. Otherwise each full collection walks every record loaded so
            # far while holding the GIL (169-182 ms at 10,000 media), stalling the main thread.
            # Small lists are left alone: freezing also keeps garbage for good (core.long_lived).
            # A list that will be large is frozen from its first rows: before the fifth
            # thousand, full collections walking the rows so far took 38-54 ms at 10,000 media.
            freeze_if_large(max(self._model.rowCount(), self._total or 0))

    def start(self) -> None:
        """Load (or reload) the whole listing; supersedes a load in progress."""
        self._refresh = self._model.rowCount() > 0
        self._started_at = time.monotonic()
        self._seen = []
        self._total = None
        self._begin(0)

    def _work(self, unit: int, cancel: CancelLike) -> Any:
        page = self._fetch_page(unit, cancel)
        # Row preparation (display texts, sort keys) is pure: do it here, off the main thread.
        with cpu_turn:  # one background parse at a time (api.step_aside)
            return page, self._model.prepare_rows(page.items)

    def _deliver(self, unit: int, result: Any) -> None:
        page, prepared = result
        if unit == 1:
            count = page.page_count or 1
            if count > MAX_PAGES:
                self.cancel()
                self._error = f"FastPix reported {count} pages, more than this app will load ({MAX_PAGES})."
                self.failed.emit(self._error)
                return
            self._units = max(1, count)
            self._total = page.pagination.total_records
        self._held.extend(prepared.rows)
        now = time.monotonic()
        interval = APPEND_INTERVAL_S if now - self._started_at < LONG_LOAD_S else LONG_LOAD_APPEND_INTERVAL_S
        wait = self._last_append + interval - now
        if unit == 1 or wait <= 0:
            self._append_held()
        elif not self._append_timer.isActive():
            self._append_timer.start(max(1, int(wait * 1000)))
        self._seen.extend(page.items)
        self._loaded += len(page.items)
        if self._total is not None and self._loaded > self._total:
            self._total = self._loaded  # records were added while we paged

    def _complete(self) -> None:
        self._append_held()  # the last rows are in the model before `finished`
        if self._refresh:
            from fastpix_viewer.ui.lists.columns import row_id

            fresh = {row_id(obj) for obj in self._seen}
            # Drop what was deleted meanwhile; every other row is already the fresh one.
            self._model.remove_where(lambda obj: row_id(obj) not in fresh)
        self._total = self._loaded
        self._seen = []


class RecordingsLoader(_OrderedLoader):
    """A stream's recordings: `fetch_one(media_id, cancel)` per ID, delivered in the given order."""

    def __init__(self, pool: WorkerPool, model: RecordTableModel,
                 fetch_one: Callable[[str, CancelLike], Any], *, concurrency: int = 4,
                 parent: QObject | None = None) -> None:
        super().__init__(pool, model, concurrency, parent)
        self._fetch_one = fetch_one
        self._ids: list[str] = []
        self._owner_id: str | None = None
        self._unreadable_now: set[int] = set()  # id() of the unreadable rows this load made
        self._gone: set[str] = set()  # IDs FastPix no longer has (deleted), found by this load

    @property
    def gone_count(self) -> int:
        """How many of the listed IDs FastPix no longer has (deleted recordings)."""
        return len(self._gone)

    @property
    def owner_id(self) -> str | None:
        """The stream whose recordings are (being) shown."""
        return self._owner_id

    def start(self, owner_id: str | None, media_ids: Sequence[str]) -> None:
        """Show `media_ids` (in this order); a different owner clears the list first."""
        if owner_id != self._owner_id or not owner_id or list(media_ids) != self._ids:
            self._model.clear()
        self._owner_id = owner_id
        self._ids = list(media_ids)
        self._total = len(self._ids)
        if not self._ids:
            self.cancel()
            self._model.clear()
            self.progress.emit(0, 0)
            self.finished.emit(0)
            return
        self._unreadable_now = set()
        self._gone = set()
        self._begin(len(self._ids))

    def clear(self) -> None:
        self.cancel()
        self._owner_id = None
        self._model.clear()

    def _work(self, unit: int, cancel: CancelLike) -> Any:
        media_id = self._ids[unit - 1]
        try:
            obj = self._fetch_one(media_id, cancel)
        except Cancelled:
            raise
        except NotFoundError:
            return media_id, None  # deleted: no row (see the module docstring)
        except FastPixError as problem:
            # One missing or broken recording must not hide the others.
            obj = Unreadable(f"{media_id}: {problem.user_message}", {"id": media_id}, unit - 1)
        return obj, self._model.prepare_rows([obj])

    def _deliver(self, unit: int, result: Any) -> None:
        obj, prepared = result
        self._loaded += 1
        if prepared is None:
            self._gone.add(obj)
            return
        if isinstance(obj, Unreadable):
            shown = self._model.object_for_id(str(obj.raw.get("id", "")))
            if shown is not None and not isinstance(shown, Unreadable):
                return  # a reload that failed for this recording keeps the row already shown
            self._unreadable_now.add(id(obj))
        self._model.append_rows(prepared)

    def _complete(self) -> None:
        from fastpix_viewer.ui.lists.columns import row_id

        # Rows of recordings no longer listed go; so do unreadable rows left by an earlier
        # failed load (a reload that now reads them adds the real rows, which replace them).
        wanted = set(self._ids) - self._gone
        objects = self._model.objects()
        kept = [o for o in objects if id(o) in self._unreadable_now
                or (not isinstance(o, Unreadable) and row_id(o) in wanted)]
        if len(kept) != len(objects):
            self._model.replace_all(kept)
