"""A media's tracks as a tree grouped by type: Video, Audio, Subtitles, others.

Built from the raw `tracks` dicts of a media response, tolerating drift: missing
keys, widths as strings, frame rates as "60.000", "30/1", -1 or numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from fastpix_viewer.ui.core.plain_text import plain_tooltip, single_line

COLUMNS = ("Track", "Resolution", "Frame rate", "Language", "Status")
TRACK_COLUMN, RESOLUTION_COLUMN, FRAME_RATE_COLUMN, LANGUAGE_COLUMN, STATUS_COLUMN = range(5)

TrackRole = Qt.ItemDataRole.UserRole + 1
"""The raw track dict (None on group rows)."""

_GROUP_TITLES = {"video": "Video", "audio": "Audio", "subtitle": "Subtitles", "text": "Subtitles"}
_GROUP_ORDER = ("video", "audio", "subtitle")

ModelIndex = QModelIndex | QPersistentModelIndex


def positive_int(value: Any) -> int | None:
    """A positive integer from an int, float or numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, int | float) and math.isfinite(value) and value > 0:
        return int(value)
    return None


def parse_frame_rate(value: Any) -> float | None:
    """Frames per second from 24, 23.976, "60.000", "30/1", "30000/1001"; None
    for -1, 0, garbage or missing."""
    if isinstance(value, bool) or value is None:
        return None
    fps: float | None = None
    if isinstance(value, int | float):
        fps = float(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                num, den = text.split("/", 1)
                fps = float(num) / float(den)
            else:
                fps = float(text)
        except (ValueError, ZeroDivisionError):
            return None
    if fps is None or not math.isfinite(fps) or fps <= 0:
        return None
    return fps


def format_frame_rate(value: Any) -> str:
    fps = parse_frame_rate(value)
    if fps is None:
        return ""
    return f"{fps:.3f}".rstrip("0").rstrip(".") + " fps"


def format_resolution(track: dict[str, Any]) -> str:
    width, height = positive_int(track.get("width")), positive_int(track.get("height"))
    if width is None and height is None:
        return ""
    return f"{width if width is not None else '?'} x {height if height is not None else '?'}"


def format_language(track: dict[str, Any]) -> str:
    code = track.get("languageCode")
    name = track.get("languageName")
    code = code.strip() if isinstance(code, str) else ""
    name = name.strip() if isinstance(name, str) else ""
    if code and name and name.casefold() != code.casefold():
        return f"{name} ({code})"
    return name or code


def _text(value: Any) -> str:
    if value is None:
        return ""
    return single_line(value if isinstance(value, str) else str(value))


class _Group:
    __slots__ = ("kind", "row", "title", "tracks")

    def __init__(self, kind: str, title: str, row: int) -> None:
        self.kind = kind
        self.title = title
        self.row = row
        self.tracks: list[_Track] = []


class _Track:
    __slots__ = ("group", "raw", "row", "texts")

    def __init__(self, raw: dict[str, Any], group: _Group, row: int) -> None:
        self.raw = raw
        self.group = group
        self.row = row
        title = raw.get("title") or raw.get("name")
        label = _text(title) if title else f"{group.title.rstrip('s')} {row + 1}"
        self.texts = (
            label,
            format_resolution(raw),
            format_frame_rate(raw.get("frameRate")),
            _text(format_language(raw)),
            _text(raw.get("status")),
        )


class TracksModel(QAbstractItemModel):
    """Tracks grouped under one top-level row per type (only non-empty types)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []

    def set_tracks(self, tracks: Iterable[Any] | None) -> None:
        """Show `tracks` (the media's raw `tracks` list; non-dicts are skipped)."""
        by_kind: dict[str, _Group] = {}
        for raw in tracks or ():
            if not isinstance(raw, dict):
                continue
            kind = raw.get("type")
            kind = kind.strip().casefold() if isinstance(kind, str) and kind.strip() else "other"
            kind = "subtitle" if kind == "text" else kind
            group = by_kind.get(kind)
            if group is None:
                title = _GROUP_TITLES.get(kind) or _text(kind).capitalize()
                group = by_kind[kind] = _Group(kind, title, 0)
            group.tracks.append(_Track(raw, group, len(group.tracks)))
        known = [by_kind[k] for k in _GROUP_ORDER if k in by_kind]
        others = [g for k, g in by_kind.items() if k not in _GROUP_ORDER]
        self.beginResetModel()
        self._groups = known + others
        for i, group in enumerate(self._groups):
            group.row = i
        self.endResetModel()

    def clear(self) -> None:
        self.set_tracks(())

    def group_titles(self) -> list[str]:
        return [g.title for g in self._groups]

    # ---- Qt model interface ---------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self._groups[row]) if row < len(self._groups) else QModelIndex()
        owner = parent.internalPointer()
        if parent.column() != 0 or not isinstance(owner, _Group) or row >= len(owner.tracks):
            return QModelIndex()
        return self.createIndex(row, column, owner.tracks[row])

    def parent(self, index: ModelIndex | None = None) -> Any:  # type: ignore[override]
        if index is None:  # QObject.parent()
            return QObject.parent(self)
        if not index.isValid():
            return QModelIndex()
        item = index.internalPointer()
        if isinstance(item, _Track):
            return self.createIndex(item.group.row, 0, item.group)
        return QModelIndex()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        item = parent.internalPointer()
        if parent.column() == 0 and isinstance(item, _Group):
            return len(item.tracks)
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if isinstance(index.internalPointer(), _Track):
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = index.internalPointer()
        column = index.column()
        if isinstance(item, _Group):
            if role == Qt.ItemDataRole.DisplayRole and column == TRACK_COLUMN:
                return f"{item.title} ({len(item.tracks)})"
            return None
        if not isinstance(item, _Track):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return item.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TRACK_COLUMN:
                track_id = item.raw.get("id")
                return plain_tooltip(f"Track ID: {track_id}" if track_id else item.texts[0])
            return plain_tooltip(item.texts[column])
        if role == TrackRole:
            return item.raw
        return None
