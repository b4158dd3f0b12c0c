"""One list row, worked out once: display texts, sort keys, status and search text.

RecordTableModel keeps these rows; everything a view or the filter asks for later is a
lookup. `RowRecipe` is how the model describes a row (columns and the ID, status and
search-text rules) and `sorted_rows`/`insertion_point` are the ordering rules: missing
keys last in either direction, ties in arrival order. No Qt object is touched here except
the role and alignment enums, so rows can be prepared on a worker thread.
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from fastpix_viewer.ui.core.plain_text import single_line
from fastpix_viewer.ui.lists.status_badge import normalise_status, status_category

_log = logging.getLogger(__name__)

SortRole = Qt.ItemDataRole.UserRole + 1
"""The column's precomputed sort key (float, str, or None when missing)."""
StatusRole = Qt.ItemDataRole.UserRole + 2
"""The row's raw status text (any column)."""
IdRole = Qt.ItemDataRole.UserRole + 3
"""The row's ID (any column)."""
ObjectRole = Qt.ItemDataRole.UserRole + 4
"""The row's object itself (any column)."""

@dataclass(frozen=True, slots=True)
class Column:
    """One column: how to show a row object and how to order it.

    `display` returns the cell text; `sort_key` returns a number, str, datetime,
    date, bool or None (None = missing: always sorted last). `tooltip`, when
    given, returns the cell's tooltip (default: the display text). `badge`
    marks the status column that views paint with `StatusBadgeDelegate`.
    `initial_order` is the order a first click on the header sorts by (e.g.
    newest or longest first for dates and durations). `decoration`, called
    on the main thread when a cell is painted, returns an icon or pixmap
    (e.g. a thumbnail, or its placeholder until it has loaded).
    """

    key: str
    title: str
    display: Callable[[Any], Any]
    sort_key: Callable[[Any], Any]
    tooltip: Callable[[Any], str | None] | None = None
    alignment: Qt.AlignmentFlag | None = None
    badge: bool = False
    initial_order: Qt.SortOrder | None = None
    decoration: Callable[[Any], Any] | None = None
    header_tooltip: str | None = None  # the column title's tooltip (e.g. what a number counts)


# Kinds keep keys of different types comparable: numbers < text < tuples.
_NUMBER, _TEXT, _TUPLE = 0, 1, 2


def normalise_key(value: Any) -> tuple[int, Any] | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        number = float(value)
        return None if math.isnan(number) else (_NUMBER, number)
    if isinstance(value, _dt.datetime):
        return (_NUMBER, value.timestamp())
    if isinstance(value, _dt.date):
        return (_NUMBER, float(value.toordinal()))
    if isinstance(value, str):
        return _text_key(value)
    if isinstance(value, tuple):
        return (_TUPLE, value)
    return _text_key(str(value))


# Short texts repeat across thousands of rows (statuses, kinds, access words, resolutions):
# one shared key and one shared display string each, instead of one per row (issue 15: rows
# of 50,000 media). Bounded, so unique short titles cannot grow it without end.
_SHARED_MAX_LEN, _SHARED_MAX_COUNT = 24, 20_000
_shared_keys: dict[str, tuple[int, str]] = {}
_shared_texts: dict[str, str] = {}


def _text_key(value: str) -> tuple[int, str]:
    key = _shared_keys.get(value)
    if key is None:
        folded = value.casefold()
        key = (_TEXT, value if folded == value else folded)
        if len(value) <= _SHARED_MAX_LEN and len(_shared_keys) < _SHARED_MAX_COUNT:
            _shared_keys[value] = key
    return key


def shared_text(text: str) -> str:
    """`text`, or an equal string already held by another row."""
    if len(text) > _SHARED_MAX_LEN:
        return text
    held = _shared_texts.get(text)
    if held is None:
        if len(_shared_texts) >= _SHARED_MAX_COUNT:
            return text
        _shared_texts[text] = held = text
    return held


@dataclass(frozen=True, slots=True)
class RowRecipe:
    """How a table turns an object into a Row."""

    columns: tuple[Column, ...]
    row_id: Callable[[Any], str]
    status: Callable[[Any], str | None] | None = None
    search_text: Callable[[Any], Iterable[str | None]] | None = None


class Row:
    """Everything precomputed for one record."""

    __slots__ = (
        "category",
        "haystack",
        "id",
        "keys",
        "norm_status",
        "obj",
        "seq",
        "status",
        "texts",
    )

    def __init__(self, obj: Any, recipe: RowRecipe) -> None:
        self.obj = obj
        self.seq = -1  # arrival order, assigned when the row joins the table
        self.id = recipe.row_id(obj)
        texts: list[str] = []
        keys: list[tuple[int, Any] | None] = []
        for column in recipe.columns:
            texts.append(shared_text(safe_text(column.display, obj, column.key)))
            try:
                keys.append(normalise_key(column.sort_key(obj)))
            except Exception:
                _log.debug("sort key %r failed for row %r", column.key, self.id, exc_info=True)
                keys.append(None)
        self.texts, self.keys = tuple(texts), tuple(keys)  # tuples: no spare capacity per row
        raw_status = recipe.status(obj) if recipe.status is not None else None
        self.status: str = raw_status if isinstance(raw_status, str) else ""
        self.norm_status = shared_text(normalise_status(self.status))
        self.category = shared_text(status_category(self.status)) if self.status else ""
        parts = recipe.search_text(obj) if recipe.search_text is not None else self.texts
        # U+001F between fields so a needle never matches across two fields.
        self.haystack = "\x1f".join(str(p) for p in parts if p is not None).casefold()

    def recompute(self, c: int, column: Column) -> None:
        """Work out column `c` again: its value lives outside the object (e.g. a count
        loaded later), so only that cell changed."""
        try:
            key = normalise_key(column.sort_key(self.obj))
        except Exception:
            _log.debug("sort key %r failed for row %r", column.key, self.id, exc_info=True)
            key = None
        text = shared_text(safe_text(column.display, self.obj, column.key))
        self.texts = (*self.texts[:c], text, *self.texts[c + 1 :])
        self.keys = (*self.keys[:c], key, *self.keys[c + 1 :])


def safe_text(fn: Callable[[Any], Any], obj: Any, what: str) -> str:
    # Drifted API data must not take down a whole page of rows.
    try:
        value = fn(obj)
    except Exception:
        _log.debug("display %r failed", what, exc_info=True)
        return ""
    return single_line(value if isinstance(value, str) else ("" if value is None else str(value)))


class PreparedRows:
    """Rows with everything precomputed, made by `RecordTableModel.prepare_rows`
    (safe on a worker thread) and added with `append_rows` / `replace_all`."""

    __slots__ = ("owner", "rows")

    def __init__(self, owner: object, rows: list[Row]) -> None:
        self.owner = owner  # the model that prepared them: only it may add them
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)


def sorted_rows(rows: list[Row], column: int, descending: bool) -> list[Row]:
    """Rows in the order of `column` (-1: arrival order); missing keys last in either
    direction, ties in arrival order (list.sort is stable, also with reverse=True)."""
    by_arrival = sorted(rows, key=lambda row: row.seq)
    if column < 0:
        return by_arrival
    present = [row for row in by_arrival if row.keys[column] is not None]
    missing = [row for row in by_arrival if row.keys[column] is None]
    present.sort(key=lambda row: row.keys[column], reverse=descending)
    return present + missing


def sorts_before(a: tuple[int, Any] | None, b: tuple[int, Any] | None, descending: bool) -> bool:
    """Whether key `a` sorts strictly before key `b` (missing keys last)."""
    if a is None:
        return False
    if b is None:
        return True
    return a > b if descending else a < b


def insertion_point(key: tuple[int, Any] | None, rows: list[Row], column: int, descending: bool) -> int:
    """Index after every row that does not sort after `key` (so equal keys keep arrival
    order); `rows` are sorted by `column`."""
    lo, hi = 0, len(rows)
    while lo < hi:
        mid = (lo + hi) // 2
        if sorts_before(key, rows[mid].keys[column], descending):
            hi = mid
        else:
            lo = mid + 1
    return lo
