"""Text, status and predicate filtering over a `RecordTableModel`.

The per-row check reads the row's precomputed haystack and status. A filter change decides
every row in one pass in Python first, and Qt's call per row (with its QModelIndex wrapper)
only reads that verdict: at 10,000 media a keystroke took 11-22 ms, most of it in the
per-row calls and the insight search asked row by row (issue 15). Sorting is forwarded to the
source model (see `record_table` for why), which keeps rows that arrive later
in order; the proxy itself never reorders, it only hides rows.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Container, Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from fastpix_viewer.api.step_aside import foreground
from fastpix_viewer.ui.lists.columns import parse_time
from fastpix_viewer.ui.lists.record_table import RecordTableModel, SortRole
from fastpix_viewer.ui.lists.status_badge import normalise_status

RowPredicate = Callable[[Any], bool]
# (row object, case-folded needle) -> where else the needle is found (a plain phrase), or None.
ExtraMatcher = Callable[[Any, str], str | None]
# case-folded needle -> the IDs of the objects the extra matcher would find it in (one call
# per filter change instead of one per row).
ExtraIds = Callable[[str], Container[str]]


class RecordFilterProxy(QSortFilterProxyModel):
    """Filters a `RecordTableModel` by text, status and an optional predicate."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Re-filter a row when it changes (update_row) and filter rows as pages arrive.
        self.setDynamicSortFilter(True)
        self.setSortRole(SortRole)
        self._needle = ""
        self._statuses: frozenset[str] | None = None
        self._predicate: RowPredicate | None = None
        self._since: _dt.datetime | None = None
        self._source: RecordTableModel | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._extra: ExtraMatcher | None = None
        self._extra_ids: ExtraIds | None = None
        # Each source row's verdict, decided in one pass while a filter change runs (None
        # otherwise: rows that arrive or change later are asked one by one).
        self._verdicts: list[bool] | None = None

    def setSourceModel(self, model: RecordTableModel) -> None:  # type: ignore[override]
        if not isinstance(model, RecordTableModel):
            raise TypeError("RecordFilterProxy needs a RecordTableModel")
        self._source = model
        super().setSourceModel(model)

    def multiData(self, index: QModelIndex | QPersistentModelIndex, role_data_span: Any) -> None:
        # QSortFilterProxyModel answers multiData with one data() per role, each mapped to
        # the source again; the source fills every role in one call (record_table).
        if self._source is not None and index.isValid():
            self._source.multiData(self.mapToSource(index), role_data_span)

    # ---- filters --------------------------------------------------------------------

    def text_filter(self) -> str:
        return self._needle

    def set_text_filter(self, text: str) -> None:
        """Case-insensitive substring over each row's search text ('' = none)."""
        needle = " ".join(text.split()).casefold() if text.strip() else ""
        if needle != self._needle:
            self._change_filter(lambda: setattr(self, "_needle", needle))

    def set_extra_matcher(self, matcher: ExtraMatcher | None, matching_ids: ExtraIds | None = None) -> None:
        """Also keep rows whose text `matcher` finds elsewhere (e.g. in a media's AI insights;
        issue 18); `extra_match_at` says where. `matching_ids`, if given, answers the same for
        every row at once: the IDs of the objects `matcher` would find the needle in."""
        def apply() -> None:
            self._extra, self._extra_ids = matcher, matching_ids if matcher is not None else None
        self._change_filter(apply)

    def refresh_text_filter(self) -> None:
        """Filter again with the same text (what the extra matcher reads has grown)."""
        if self._needle and self._extra is not None:
            self._change_filter(lambda: None)

    def extra_match_at(self, proxy_row: int) -> str | None:
        """Where the text filter matched the row at `proxy_row`, when not in its own text."""
        if not self._needle or self._extra is None or self._source is None:
            return None
        row = self._source._rows[self.mapToSource(self.index(proxy_row, 0)).row()]
        return None if self._needle in row.haystack else self._extra(row.obj, self._needle)

    def status_filter(self) -> frozenset[str] | None:
        return self._statuses

    def set_status_filter(self, statuses: Iterable[str] | None) -> None:
        """Keep rows whose status, or status category (`status_badge`), is in
        `statuses` (compared case-insensitively). None means all statuses."""
        wanted = None if statuses is None else frozenset(normalise_status(s) for s in statuses)
        if wanted != self._statuses:
            self._change_filter(lambda: setattr(self, "_statuses", wanted))

    def set_created_since(self, since: _dt.datetime | None) -> None:
        """Keep rows whose item was created at or after `since` (aware); None = any time."""
        if since != self._since:
            self._change_filter(lambda: setattr(self, "_since", since))

    def set_predicate(self, predicate: RowPredicate | None) -> None:
        """An extra condition on the row object (e.g. "recordings only"); None = off."""
        if predicate is not self._predicate:
            self._change_filter(lambda: setattr(self, "_predicate", predicate))

    def refresh_predicate(self) -> None:
        """Filter again with the same predicate (what it reads has changed, e.g. the recordings)."""
        if self._predicate is not None:
            self._change_filter(lambda: None)

    def is_filtering(self) -> bool:
        return (bool(self._needle) or self._statuses is not None or self._predicate is not None
                or self._since is not None)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        # Hot path: Qt calls it once per row on every filter change (50,000 calls into Python).
        verdicts = self._verdicts
        if verdicts is not None and source_row < len(verdicts):
            return verdicts[source_row]
        if self._source is None:
            return True
        return self._accepts(self._source._rows[source_row])

    def _accepts(self, row: Any) -> bool:
        """One row's verdict (a row that arrived or changed): the precomputed record's fields,
        not data()."""
        if self._needle and self._needle not in row.haystack and not (
                self._extra is not None and self._extra(row.obj, self._needle)):
            return False
        return self._accepts_besides_text(row)

    def _accepts_besides_text(self, row: Any) -> bool:
        statuses = self._statuses
        if statuses is not None and row.category not in statuses and (
            row.norm_status not in statuses
        ):
            return False
        if self._since is not None:
            created = parse_time(getattr(row.obj, "created_at", None))
            if created is None or created < self._since:
                return False
        return self._predicate is None or bool(self._predicate(row.obj))

    def _decide_all(self) -> list[bool] | None:
        """Every source row's verdict in one pass (what `_accepts` says of each)."""
        if self._source is None:
            return None
        rows = self._source._rows
        needle, extra = self._needle, self._extra
        if not needle:
            keep = [True] * len(rows)
        elif extra is None:
            keep = [needle in row.haystack for row in rows]
        elif self._extra_ids is not None:
            ids = self._extra_ids(needle)
            keep = [needle in row.haystack or getattr(row.obj, "id", None) in ids for row in rows]
        else:
            keep = [needle in row.haystack or bool(extra(row.obj, needle)) for row in rows]
        if self._statuses is not None or self._since is not None or self._predicate is not None:
            check = self._accepts_besides_text
            keep = [kept and check(row) for kept, row in zip(keep, rows, strict=True)]
        return keep

    def _change_filter(self, apply: Callable[[], None]) -> None:
        # Filtering again asks about every row: in a foreground stretch, so a busy worker (the
        # search gathering) does not make each wait.
        with foreground():
            modern = hasattr(self, "endFilterChange")  # Qt ≥ 6.10
            if modern:
                self.beginFilterChange()
            apply()
            self._verdicts = self._decide_all()
            try:
                if modern:
                    self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
                else:  # pragma: no cover - older Qt
                    self.invalidateRowsFilter()
            finally:
                self._verdicts = None

    # ---- sorting --------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by source column `column` (-1: arrival order), done by the source."""
        self._sort_column = column
        self._sort_order = order
        if self._source is not None:
            self._source.sort(column, order)

    def sortColumn(self) -> int:
        return self._sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return self._sort_order

    # ---- convenience ----------------------------------------------------------------

    def object_at(self, row: int) -> Any:
        """The object shown at proxy `row`."""
        assert self._source is not None
        return self._source.object_at(self.mapToSource(self.index(row, 0)).row())

    def row_for_id(self, row_id: str) -> int:
        """Proxy row showing `row_id`, or -1 (not loaded or filtered out)."""
        if self._source is None:
            return -1
        source_row = self._source.row_for_id(row_id)
        if source_row < 0:
            return -1
        return self.mapFromSource(self._source.index(source_row, 0)).row()
