"""A flat table of API records (streams or media) that grows page by page.

Built for 50,000 rows: everything a view or the filter asks for (display text,
sort keys, status, a lower-case search haystack) is computed once per row when
the row arrives, so `data()` and the filter proxy do no formatting work.

Sorting happens here rather than in `QSortFilterProxyModel`: the proxy's C++
sort calls the Python `data()` twice per comparison (measured ≈3.5 s for 50,000
rows with PySide6 6.11), while sorting the precomputed keys with `list.sort`
takes tens of milliseconds. `RecordFilterProxy.sort` forwards here, and rows
that arrive while a sort is active are inserted at their sorted positions.
The per-row work and the ordering rules live in `table_rows`; this module is the Qt
model around them (row storage, roles, inserts and moves that keep persistent indexes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from fastpix_viewer.api.step_aside import pause_point
from fastpix_viewer.ui.core.plain_text import plain_tooltip
from fastpix_viewer.ui.lists.table_rows import (
    Column,
    IdRole,
    ObjectRole,
    PreparedRows,
    Row,
    RowRecipe,
    SortRole,
    StatusRole,
    insertion_point,
    sorted_rows,
)

_log = logging.getLogger(__name__)

# Above this many separate insert positions in one batch, re-lay out instead.
_MAX_INSERT_RUNS = 300

ModelIndex = QModelIndex | QPersistentModelIndex

# The roles `data()` can answer with something other than None.
_SERVED_ROLES = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.DecorationRole, SortRole, StatusRole, IdRole, ObjectRole))
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class RecordTableModel(QAbstractTableModel):
    """Rows of objects described by `columns`, identified by `row_id(obj)`.

    `status(obj)` gives the status text (for StatusRole and the status filter);
    `search_text(obj)` gives the strings the text filter searches (name/title,
    IDs, playback IDs, metadata values); by default the display texts.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        row_id: Callable[[Any], str],
        *,
        status: Callable[[Any], str | None] | None = None,
        search_text: Callable[[Any], Iterable[str | None]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._recipe = RowRecipe(self._columns, row_id, status, search_text)
        self._rows: list[Row] = []
        self._by_id: dict[str, Row] = {}
        self._pos_by_id: dict[str, int] | None = {}
        self._next_seq = 0
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # ---- public API -----------------------------------------------------------------

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def column_index(self, key: str) -> int:
        """Index of the column with `key`, or -1."""
        for i, column in enumerate(self._columns):
            if column.key == key:
                return i
        return -1

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        """(column, order) of the active sort; column -1 means arrival order."""
        return self._sort_column, self._sort_order

    def prepare_rows(self, objs: Iterable[Any]) -> PreparedRows:
        """Do the per-row work (display texts, sort keys, search text) for `objs`.

        Touches no Qt object or model state, so a worker thread can call it and
        hand the result to `append_rows` on the main thread; the column and
        search callables must then be thread-safe (pure functions are).
        """
        rows = []
        for obj in objs:
            pause_point()  # on a worker: let the UI thread paint meanwhile (api.step_aside)
            rows.append(Row(obj, self._recipe))
        return PreparedRows(self, rows)

    def append_rows(self, objs: Iterable[Any] | PreparedRows) -> None:
        """Add a page (objects, or `prepare_rows` output). An object whose ID is
        already present replaces that row instead (offset pages can overlap
        when records are added meanwhile)."""
        fresh: list[Row] = []
        batch_ids: dict[str, int] = {}
        for row in self._rows_of(objs):
            if row.id in self._by_id:
                self._replace_row(row.id, row)
            elif row.id in batch_ids:
                fresh[batch_ids[row.id]] = row
            else:
                batch_ids[row.id] = len(fresh)
                fresh.append(row)
        if not fresh:
            return
        for row in fresh:
            row.seq = self._next_seq
            self._next_seq += 1
        if self._sort_column < 0:
            self._append_at_end(fresh)
        else:
            self._insert_sorted(fresh)

    def replace_all(self, objs: Iterable[Any] | PreparedRows) -> None:
        """Replace every row (keeps the active sort)."""
        rows = self._rows_of(objs)
        self.beginResetModel()
        self._rows = []
        self._by_id = {}
        for row in rows:
            row.seq = self._next_seq
            self._next_seq += 1
            if row.id in self._by_id:
                old = self._by_id[row.id]
                row.seq = old.seq
                self._rows[self._rows.index(old)] = row
            else:
                self._rows.append(row)
            self._by_id[row.id] = row
        if self._sort_column >= 0:
            self._rows = self._sorted(self._rows)
        self._pos_by_id = None
        self.endResetModel()

    def clear(self) -> None:
        self.replace_all(())

    def refresh_rows(self, prepared: PreparedRows) -> int:
        """Put rows prepared again (on a worker, from `objects()`) in place of the rows of the
        same objects: one dataChanged, the sort kept. A row whose object was replaced since
        keeps its newer row, and rows gone since are not brought back. Returns the count.
        Why: preparing every row again on the main thread stalled it for seconds at 50,000."""
        if prepared.owner is not self:
            raise ValueError("rows were prepared by another model")
        if self._pos_by_id is None:
            self._pos_by_id = {row.id: i for i, row in enumerate(self._rows)}
        changed, moved, c = 0, False, self._sort_column
        first, last = len(self._rows), -1
        for row in prepared.rows:
            pos = self._pos_by_id.get(row.id)
            old = None if pos is None else self._rows[pos]
            if old is None or old.obj is not row.obj:
                continue
            row.seq = old.seq
            moved = moved or (c >= 0 and old.keys[c] != row.keys[c])
            self._rows[pos] = row
            self._by_id[row.id] = row
            changed += 1
            first, last = min(first, pos), max(last, pos)
        if changed:
            # Only the span touched: the filter proxy checks every row of it again (dataChanged
            # over all 50,000 rows per slice was 0.17 s of filterAcceptsRow calls).
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1))
            if moved:
                self._relayout(self._rows)
        return changed

    def remove_where(self, gone: Callable[[Any], bool]) -> int:
        """Drop the rows whose object `gone(obj)` picks, keeping every other row as prepared
        (no row is worked out again, the selection and sort stay). Returns the count."""
        positions = [i for i, row in enumerate(self._rows) if gone(row.obj)]
        if not positions:
            return 0
        runs: list[tuple[int, int]] = []  # (first, last), ascending
        for pos in positions:
            if runs and runs[-1][1] == pos - 1:
                runs[-1] = (runs[-1][0], pos)
            else:
                runs.append((pos, pos))
        if len(runs) > _MAX_INSERT_RUNS:  # each removal costs the proxy O(rows): one reset
            self.beginResetModel()
            self._drop_positions(positions)
            self.endResetModel()
            return len(positions)
        for first, last in reversed(runs):  # from the end, so earlier positions hold
            self.beginRemoveRows(QModelIndex(), first, last)
            for row in self._rows[first : last + 1]:
                del self._by_id[row.id]
            del self._rows[first : last + 1]
            self._pos_by_id = None
            self.endRemoveRows()
        return len(positions)

    def _drop_positions(self, positions: Iterable[int]) -> None:
        drop = set(positions)
        for pos in drop:
            del self._by_id[self._rows[pos].id]
        self._rows = [row for i, row in enumerate(self._rows) if i not in drop]
        self._pos_by_id = None

    def update_row(self, row_id: str, obj: Any) -> bool:
        """Replace the object of row `row_id`; False if there is no such row.
        Emits dataChanged for that row only (and moves it if its sort key moved)."""
        if row_id not in self._by_id:
            return False
        self._replace_row(row_id, Row(obj, self._recipe))
        return True

    def refresh_column(self, key: str, row_ids: Iterable[str]) -> None:
        """Work out column `key` again for `row_ids` (a value kept outside the objects, such
        as a lazily loaded count, changed): dataChanged for those cells, sort kept."""
        c = self.column_index(key)
        if c < 0:
            return
        for row_id in row_ids:
            row = self._by_id.get(row_id)
            if row is None:
                continue
            row.recompute(c, self._columns[c])
            pos = self.row_for_id(row_id)
            self.dataChanged.emit(self.index(pos, c), self.index(pos, c))
            if self._sort_column == c:
                self._move_into_place(pos)

    def _replace_row(self, row_id: str, row: Row) -> None:
        old = self._by_id[row_id]
        pos = self.row_for_id(row_id)
        row.seq = old.seq
        row.id = row_id  # the caller's ID wins, so the row stays addressable
        self._rows[pos] = row
        self._by_id[row_id] = row
        self.dataChanged.emit(self.index(pos, 0), self.index(pos, len(self._columns) - 1))
        if self._sort_column >= 0:
            self._move_into_place(pos)

    def row_for_id(self, row_id: str) -> int:
        """Current row of `row_id`, or -1."""
        if row_id not in self._by_id:
            return -1
        if self._pos_by_id is None:
            self._pos_by_id = {row.id: i for i, row in enumerate(self._rows)}
        return self._pos_by_id[row_id]

    def object_at(self, row: int) -> Any:
        """The object at `row` (IndexError outside the table)."""
        if row < 0:
            raise IndexError(row)
        return self._rows[row].obj

    def object_for_id(self, row_id: str) -> Any | None:
        row = self._by_id.get(row_id)
        return None if row is None else row.obj

    def objects(self) -> list[Any]:
        """All objects in the current row order."""
        return [row.obj for row in self._rows]

    # ---- Qt model interface ---------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS  # built once: combining the flags each call was a visible cost per paint

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column.alignment is not None:
            return column.alignment | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.InitialSortOrderRole and column.initial_order is not None:
            return column.initial_order
        if role == Qt.ItemDataRole.ToolTipRole and column.header_tooltip:
            return column.header_tooltip
        return None

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Qt's own index() asks rowCount() and columnCount(): two calls into Python for every
        # cell the proxy maps, where one is enough (issue 15: a repaint's Python calls).
        if parent.isValid() or not (0 <= row < len(self._rows) and 0 <= column < len(self._columns)):
            return QModelIndex()
        return self.createIndex(row, column)

    def multiData(self, index: ModelIndex, role_data_span: Any) -> None:
        """Every role a delegate asks for in one call (Qt's default asks data() once per role,
        seven times per painted cell)."""
        if not index.isValid():
            return
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(self._columns)):
            return
        row = self._rows[r]
        for role_data in role_data_span:
            role = role_data.role()
            if role in _SERVED_ROLES:  # the others stay empty (what data() answers: None)
                role_data.setData(self._value(row, c, role))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(self._columns)):
            return None
        return self._value(self._rows[r], c, role)

    def _value(self, row: Row, c: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[c]
        if role == SortRole:
            key = row.keys[c]
            return None if key is None else key[1]
        if role == Qt.ItemDataRole.ToolTipRole:
            column = self._columns[c]
            if column.tooltip is None:
                return plain_tooltip(row.texts[c])
            try:
                return plain_tooltip(column.tooltip(row.obj))
            except Exception:
                _log.debug("tooltip %r failed", column.key, exc_info=True)
                return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            alignment = self._columns[c].alignment
            return None if alignment is None else alignment | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.DecorationRole:
            decoration = self._columns[c].decoration
            return None if decoration is None else decoration(row.obj)
        if role == StatusRole:
            return row.status
        if role == IdRole:
            return row.id
        if role == ObjectRole:
            return row.obj
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder rows by `column` (-1: arrival order), keeping persistent indexes."""
        if not 0 <= column < len(self._columns):
            column = -1
        self._sort_column = column
        self._sort_order = order
        self._relayout(self._rows)

    # ---- internals ------------------------------------------------------------------

    def _rows_of(self, objs: Iterable[Any] | PreparedRows) -> list[Row]:
        if isinstance(objs, PreparedRows):
            if objs.owner is not self:
                raise ValueError("rows were prepared by another model")
            return objs.rows
        return [Row(obj, self._recipe) for obj in objs]

    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def _sorted(self, rows: list[Row]) -> list[Row]:
        return sorted_rows(rows, self._sort_column, self._descending())

    def _insertion_point(self, key: tuple[int, Any] | None, rows: list[Row]) -> int:
        return insertion_point(key, rows, self._sort_column, self._descending())

    def _relayout(self, rows: list[Row]) -> None:
        """Make `rows` the table in the active order, as one layout change."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self._rows[p.row()] if 0 <= p.row() < len(self._rows) else None for p in persistent]
        self._rows = self._sorted(rows)
        self._by_id = {row.id: row for row in self._rows}
        self._pos_by_id = {row.id: i for i, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [
                QModelIndex() if row is None else self.index(self._pos_by_id[row.id], p.column())
                for p, row in zip(persistent, held, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _append_at_end(self, fresh: list[Row]) -> None:
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._rows.extend(fresh)
        for row in fresh:
            self._by_id[row.id] = row
        if self._pos_by_id is not None:
            for i, row in enumerate(fresh, start=first):
                self._pos_by_id[row.id] = i
        self.endInsertRows()

    def _insert_sorted(self, fresh: list[Row]) -> None:
        # One insert per contiguous run of new rows, in ascending position order.
        c = self._sort_column
        fresh = self._sorted(fresh)
        runs: list[tuple[int, list[Row]]] = []
        for row in fresh:
            at = self._insertion_point(row.keys[c], self._rows)
            if runs and runs[-1][0] == at:
                runs[-1][1].append(row)
            else:
                runs.append((at, [row]))
        if len(runs) > _MAX_INSERT_RUNS:
            # Each insert costs the proxy and views O(rows); past a few hundred
            # runs (measured ≈50 µs each at 50k rows) it is cheaper to append
            # the batch as one insert and then re-sort as one layout change
            # (a layout change must not change the row count itself).
            self._append_at_end(fresh)
            self._relayout(self._rows)
            return
        shift = 0
        for at, run in runs:
            first = at + shift
            self.beginInsertRows(QModelIndex(), first, first + len(run) - 1)
            self._rows[first:first] = run
            for row in run:
                self._by_id[row.id] = row
            self._pos_by_id = None
            self.endInsertRows()
            shift += len(run)

    def _move_into_place(self, pos: int) -> None:
        row = self._rows[pos]
        others = self._rows[:pos] + self._rows[pos + 1 :]
        target = self._insertion_point(row.keys[self._sort_column], others)
        # Among equal keys, arrival order decides.
        c = self._sort_column
        while target > 0 and others[target - 1].keys[c] == row.keys[c] and others[target - 1].seq > row.seq:
            target -= 1
        if target == pos:
            return
        destination = target if target < pos else target + 1
        if not self.beginMoveRows(QModelIndex(), pos, pos, QModelIndex(), destination):
            return
        others.insert(target, row)
        self._rows = others
        self._pos_by_id = None
        self.endMoveRows()


# Re-exported: callers name the roles and Column through the table module.
__all__ = [
    "Column",
    "IdRole",
    "ObjectRole",
    "PreparedRows",
    "RecordTableModel",
    "SortRole",
    "StatusRole",
]
