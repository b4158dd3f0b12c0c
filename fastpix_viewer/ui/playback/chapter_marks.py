"""Chapter marks on the seek bar: a small tick at each chapter's start, painted over the slider.

An overlay child of the `SeekSlider` (transparent for the mouse, so clicks, drags and hovering
reach the slider as before) that follows the slider's size and range. The x of a time is the
one the style gives the slider's handle centre for it, the inverse of `SeekSlider.value_at`, so
a mark sits where a click would seek to that chapter.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSlider, QWidget

from fastpix_viewer.ui.playback.seek_slider import x_for_value

MARK_COLOUR = QColor(255, 145, 0)  # amber: visible on light and dark groove colours
MARK_WIDTH = 2


class ChapterMarks(QWidget):
    """See the module docstring. `set_marks(ms list)`; empty: nothing drawn."""

    def __init__(self, slider: QSlider) -> None:
        super().__init__(slider)
        self.setObjectName("chapterMarks")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._slider = slider
        self._marks: tuple[int, ...] = ()
        self.setGeometry(slider.rect())
        slider.installEventFilter(self)
        slider.rangeChanged.connect(lambda _lo, _hi: self.update())
        self.hide()

    def marks(self) -> tuple[int, ...]:
        return self._marks

    def set_marks(self, starts_ms: Iterable[int]) -> None:
        """Chapter starts in ms; the first chapter's start (0) gets no mark (it is the bar's end)."""
        self._marks = tuple(sorted(int(ms) for ms in starts_ms if ms > 0))
        self.setVisible(bool(self._marks))
        self.raise_()
        self.update()

    def mark_xs(self) -> list[int]:
        """The x of each mark drawn now (slider coordinates); marks past the media's end are left out."""
        top = self._slider.maximum()
        if top <= self._slider.minimum():
            return []
        return [x_for_value(self._slider, ms) for ms in self._marks if ms <= top]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._slider and event.type() in (QEvent.Type.Resize, QEvent.Type.StyleChange):
            self.setGeometry(self._slider.rect())
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        xs = self.mark_xs()
        if not xs:
            return
        painter = QPainter(self)
        height = self.height()
        tick = max(3, height // 4)
        for x in xs:
            # Above and below the groove, so the handle passing over never hides a mark.
            painter.fillRect(x - MARK_WIDTH // 2, 0, MARK_WIDTH, tick, MARK_COLOUR)
            painter.fillRect(x - MARK_WIDTH // 2, height - tick, MARK_WIDTH, tick, MARK_COLOUR)
        painter.end()
