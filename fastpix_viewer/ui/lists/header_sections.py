"""A header state saved before columns were added (an upgrade), restored without surprises.

`QHeaderView.restoreState` shows columns the saved state does not know, whatever the first-run
layout says: an upgrading user would suddenly see every optional column added since (e.g. Views,
which loads numbers over the network). Worse, Qt keeps the old total length, so the state it
saves next is one it refuses to restore (measured with PySide6 6.11): the user's layout would be
lost on the run after. `carry_over` therefore puts back the first-run layout and copies the
user's choices (order, widths, hidden, sort) for the columns the state knew.

Qt's state has no public reader, so `saved_section_count` reads the count from Qt's own layout
(QHeaderViewPrivate::write, version 0): marker, version, orientation, sort order, sort section,
sort shown, visual and logical indices, hidden bits, hidden sizes, length, count. Anything
unexpected gives None and changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtWidgets import QHeaderView

_MARKER, _VERSION = 0xFF, 0
_MAX_SECTIONS = 10_000


def saved_section_count(state: QByteArray | bytes) -> int | None:
    """The number of sections in a `QHeaderView.saveState()` blob, or None if unreadable."""
    stream = QDataStream(QByteArray(state))
    if stream.readInt32() != _MARKER or stream.readInt32() != _VERSION:
        return None
    for _ in range(3):  # orientation, sort order, sort section
        stream.readInt32()
    stream.readBool()
    for _ in range(2):  # visual and logical indices
        count = stream.readUInt32()
        if count > _MAX_SECTIONS:
            return None
        for _ in range(count):
            stream.readInt32()
    bits = stream.readUInt32()  # hidden sections (QBitArray: size, then the bytes)
    if bits > _MAX_SECTIONS:
        return None
    for _ in range((bits + 7) // 8):
        stream.readUInt8()
    sizes = stream.readUInt32()  # hidden sections' sizes (QHash<int, int>)
    if sizes > _MAX_SECTIONS:
        return None
    for _ in range(2 * sizes):
        stream.readInt32()
    stream.readInt32()  # length
    sections = stream.readInt32()
    ok = stream.status() == QDataStream.Status.Ok and 0 <= sections <= _MAX_SECTIONS
    return sections if ok else None


def carry_over(header: QHeaderView, first_run: QByteArray, known: int) -> None:
    """`header` holds a restored state that knew only its first `known` sections: start again
    from `first_run` (the header's own saved first-run layout) and copy those sections' order,
    widths, hidden flags and the sort indicator onto it."""
    known = min(known, header.count())
    chosen = [(header.visualIndex(i), header.sectionSize(i), header.isSectionHidden(i)) for i in range(known)]
    sort = (header.sortIndicatorSection(), header.sortIndicatorOrder())
    header.restoreState(first_run)
    for logical, (visual, size, hidden) in sorted(enumerate(chosen), key=lambda item: item[1][0]):
        header.moveSection(header.visualIndex(logical), visual)
        header.setSectionHidden(logical, hidden)
        if not hidden:
            header.resizeSection(logical, size)
    header.setSortIndicator(*sort)
