"""The lists' Views column: each item's views over the last 7 days (FastPix Video Data), loaded
lazily.

Only while the column is shown, and only for the rows on screen: when the column appears, the
view scrolls or is resized, or rows arrive, the visible rows whose count is not known yet go to
the pool as ONE job (a request per item, one after another), with at most `MAX_BATCHES` such
jobs in flight per list; a list that reloads drops its jobs. Counts are kept per item ID for
the session (the Media and Recordings lists share them); a failure shows "—" and says why in
the tooltip, and is asked again after the next reload.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QTableView

from fastpix_viewer.api.metrics import AUDIENCE_NOTE
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.worker import Cancelled, Job, WorkerPool, raise_if_cancelled
from fastpix_viewer.ui.lists.record_table import Column, ObjectRole, RecordTableModel

_log = logging.getLogger(__name__)

KEY = "views"
SPAN = "7d"
HEADER_TIP = "Views, last 7 days, FastPix-instrumented players only"
LOADING_TEXT, NO_DATA_TEXT = "…", "—"
MAX_BATCHES = 2  # per list: scrolling fast must not queue a job per screenful
MAX_BATCH_ROWS = 60  # a very tall window still asks in bounded jobs
SETTLE_MS = 120  # one look at the viewport per pause in scrolling


class _Loading:
    """The count was asked for and has not arrived."""


class _Missing:
    """No count: `reason` says why (the tooltip)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


_LOADING = _Loading()
NO_DATA_REASON = "FastPix has no view data for this item in the last 7 days."


class ViewCounts(QObject):
    """The session's counts and the column that shows them; `attach(view, model)` per list."""

    def __init__(self, pool: WorkerPool, client: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._client = client
        # Item ID -> count, _LOADING or _Missing. Column functions read it from any thread.
        self._counts: dict[str, int | _Loading | _Missing] = {}
        self._watches: list[_ListWatch] = []

    # ---- the column (pure reads: rows may be prepared on a worker thread) --------------

    def column(self) -> Column:
        return Column(KEY, "Views", self.text, self.sort_key, tooltip=self.tooltip,
                      alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                      initial_order=Qt.SortOrder.DescendingOrder, header_tooltip=HEADER_TIP)

    def value(self, obj: Any) -> int | _Loading | _Missing | None:
        return self._counts.get(obj.id) if isinstance(obj, Media | LiveStream) else None

    def text(self, obj: Any) -> str:
        value = self.value(obj)
        if value is None:
            return ""
        if value is _LOADING:
            return LOADING_TEXT
        return NO_DATA_TEXT if isinstance(value, _Missing) else str(value)

    def sort_key(self, obj: Any) -> int | None:
        value = self.value(obj)
        return value if isinstance(value, int) else None

    def tooltip(self, obj: Any) -> str | None:
        value = self.value(obj)
        if value is None:
            return None
        if value is _LOADING:
            return "Loading the views of the last 7 days…"
        if isinstance(value, _Missing):
            return f"No views shown. {value.reason}"
        return f"{value} view{'s' if value != 1 else ''} in the last 7 days. {AUDIENCE_NOTE}"

    # ---- loading ---------------------------------------------------------------------

    def attach(self, view: QTableView, model: RecordTableModel) -> None:
        """Load counts for `view`'s visible rows while its Views column is shown."""
        if model.column_index(KEY) >= 0:
            self._watches.append(_ListWatch(self, view, model))

    def wanted(self, objs: list[Any]) -> list[Any]:
        """The readable items among `objs` whose count was never asked for (or failed and was
        forgotten); marked loading."""
        fresh = [o for o in objs if isinstance(o, Media | LiveStream) and o.id not in self._counts]
        for obj in fresh:
            self._counts[obj.id] = _LOADING
        return fresh

    def start(self, objs: list[Any], on_finished: Any) -> Job | None:
        """One pool job for `objs`; `on_finished()` on the main thread once their counts are in
(every list's cells already updated)."""
        client = self._client
        if client is None:
            for obj in objs:
                self._counts[obj.id] = _Missing("Not signed in to a workspace.")
            self._refresh([o.id for o in objs])
            on_finished()
            return None
        subjects = [(o.id, isinstance(o, LiveStream)) for o in objs]

        def fetch(*, cancel: Any) -> dict[str, int | BaseException | None]:
            found: dict[str, int | BaseException | None] = {}
            for item_id, is_stream in subjects:
                raise_if_cancelled(cancel)
                kind = {"stream_id": item_id} if is_stream else {"media_id": item_id}
                try:
                    found[item_id] = client.total_views(span=SPAN, cancel=cancel, **kind)
                except Cancelled:
                    raise
                except Exception as error:  # one item's failure must not hide the others' counts
                    found[item_id] = error
            return found

        def done(found: dict[str, int | BaseException | None]) -> None:
            for item_id, value in found.items():
                if isinstance(value, BaseException):
                    self._counts[item_id] = _Missing(f"The request failed: {describe_failure(value)}")
                else:
                    self._counts[item_id] = _Missing(NO_DATA_REASON) if value is None else value
            self._refresh(list(found))
            on_finished()

        def failed(error: BaseException) -> None:
            reason = _Missing(f"The request failed: {describe_failure(error)}")
            for item_id, _ in subjects:
                self._counts[item_id] = reason
            self._refresh([item_id for item_id, _ in subjects])
            on_finished()

        return self._pool.run(fetch, pass_token=True, owner=self, on_done=done, on_error=failed)

    def _refresh(self, item_ids: list[str]) -> None:
        # Every list: the Media and Recordings lists show the same media.
        for watch in self._watches:
            watch.model.refresh_column(KEY, item_ids)

    def forget(self, item_ids: list[str]) -> None:
        """Drop loading marks of cancelled jobs and past failures: asked again when seen."""
        for item_id in item_ids:
            if isinstance(self._counts.get(item_id), _Loading | _Missing):
                del self._counts[item_id]

    def forget_failures(self) -> None:
        self.forget([i for i, v in self._counts.items() if isinstance(v, _Missing)])

    def cached(self, item_id: str) -> bool:
        value = self._counts.get(item_id)
        return value is not None and value is not _LOADING


class _ListWatch(QObject):
    """One list's viewport: which rows are on screen, and the jobs asking for them."""

    def __init__(self, counts: ViewCounts, view: QTableView, model: RecordTableModel) -> None:
        super().__init__(view)
        self._counts = counts
        self._view = view
        self.model = model
        self._jobs: dict[int, tuple[Job, list[str]]] = {}
        self._next = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.check)
        schedule = self._timer.start
        view.verticalScrollBar().valueChanged.connect(schedule)
        view.horizontalHeader().sectionResized.connect(schedule)  # also emitted on hide/show
        proxy = view.model()
        for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.layoutChanged, proxy.modelReset):
            signal.connect(schedule)
        model.modelReset.connect(self._reloaded)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize):
            self._timer.start()
        return False

    def column_shown(self) -> bool:
        c = self.model.column_index(KEY)
        return c >= 0 and not self._view.horizontalHeader().isSectionHidden(c) and self._view.isVisible()

    def visible_objects(self) -> list[Any]:
        proxy, view = self._view.model(), self._view
        top = view.rowAt(0)
        if top < 0:
            return []
        bottom = view.rowAt(view.viewport().height() - 1)
        bottom = proxy.rowCount() - 1 if bottom < 0 else bottom
        bottom = min(bottom, top + MAX_BATCH_ROWS - 1)
        return [proxy.index(r, 0).data(ObjectRole) for r in range(top, bottom + 1)]

    def check(self) -> None:
        if not self.column_shown() or len(self._jobs) >= MAX_BATCHES:
            return
        objs = self._counts.wanted(self.visible_objects())
        if not objs:
            return
        ids = [o.id for o in objs]
        self.model.refresh_column(KEY, ids)  # "…"
        number = self._next
        self._next += 1
        job = self._counts.start(objs, lambda n=number: self._finished(n))
        if job is not None:
            self._jobs[number] = (job, ids)

    def _finished(self, number: int) -> None:
        self._jobs.pop(number, None)
        self._timer.start()  # rows that scrolled in meanwhile

    def _reloaded(self) -> None:
        """The list reloaded: its jobs' answers are not wanted; failures are asked again."""
        for job, ids in self._jobs.values():
            job.cancel()
            self._counts.forget(ids)
        self._jobs.clear()
        self._counts.forget_failures()
        self._timer.start()
