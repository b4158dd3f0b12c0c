"""Columns yield to the title when a list is narrow (issue 16 item 19).

The title column stretches over the room the other columns leave; in a narrow window (1000
px wide, the lists get about half) the fixed widths of Status, Created, Recordings… used to
leave the title a sliver. `TitleRoom` keeps the title at least `TITLE_TEXT_MIN` pixels of
text (plus the thumbnail): when the room is short, every other visible column gives up part
of its width above its floor (its header text, or `COLUMN_FLOOR`), in proportion; when the
room comes back they return to the widths the user (or the first-run layout) set.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView

TITLE_TEXT_MIN = 170  # px: about 25 characters of a title
COLUMN_FLOOR = 44  # px: a short word or a few digits, the header's text elided


class TitleRoom(QObject):
    """Keeps room for the stretching title column of `view` (see the module docstring)."""

    def __init__(self, view: QTableView, title_column: int) -> None:
        super().__init__(view)
        self.setObjectName("titleRoom")
        self._view = view
        self._title = title_column
        self._preferred: dict[int, int] = {}
        self._fitting = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        header = view.horizontalHeader()
        header.sectionResized.connect(self._on_resized)
        view.viewport().installEventFilter(self)

    def title_minimum(self) -> int:
        """The title column's minimum: text room plus the row's thumbnail, if any."""
        icon = self._view.iconSize().width() if self._view.iconSize().isValid() else 0
        return TITLE_TEXT_MIN + icon + 8

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._timer.start()
        return False

    def _on_resized(self, index: int, _old: int, new: int) -> None:
        if self._fitting or index == self._title:
            return
        header = self._view.horizontalHeader()
        if new > 0 and not header.isSectionHidden(index):
            self._preferred[index] = new  # the user's (or a restored) width: returned to when there is room
        self._timer.start()  # a column shown, hidden or widened: share the room again

    def _floor(self, index: int) -> int:
        header = self._view.horizontalHeader()
        return min(self._preferred[index], max(COLUMN_FLOOR, header.sectionSizeHint(index) // 2))

    def fit(self) -> None:
        """Give every other column its preferred width, or less when the title needs the room."""
        header = self._view.horizontalHeader()
        others = [i for i in range(header.count()) if i != self._title and not header.isSectionHidden(i)]
        for i in others:
            self._preferred.setdefault(i, header.sectionSize(i))
        widths = {i: self._preferred[i] for i in others}
        room = self._view.viewport().width() - self.title_minimum()
        excess = sum(widths.values()) - room
        if excess > 0:
            spare = {i: widths[i] - self._floor(i) for i in others}
            total_spare = sum(spare.values())
            share = min(1.0, excess / total_spare) if total_spare > 0 else 0.0
            widths = {i: widths[i] - round(spare[i] * share) for i in others}
        self._fitting = True
        try:
            for i, width in widths.items():
                if header.sectionSize(i) != width:
                    header.resizeSection(i, width)
        finally:
            self._fitting = False


def fit_title_column(view: QTableView, title_column: int) -> TitleRoom:
    """Install a `TitleRoom` on `view` (owned by the view)."""
    return TitleRoom(view, title_column)


__all__ = ["COLUMN_FLOOR", "TITLE_TEXT_MIN", "TitleRoom", "fit_title_column"]
