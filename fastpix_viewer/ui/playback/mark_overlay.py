"""In and Out marks drawn on the seek bar: a band over the marked range and a tick at each mark.

A transparent child widget laid over the slider (mouse events pass through to it), so the
slider's own painting, its hover bubble and other helpers' drawing stay untouched. A mark's
x is the slider style's own mapping of that time (the inverse of `SeekSlider.value_at`), so
a mark sits exactly where a click on the bar would seek to that time.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSlider, QWidget

from fastpix_viewer.ui.playback.seek_slider import x_for_value

IN_COLOUR = QColor(0, 170, 90)  # green: where the clip starts
OUT_COLOUR = QColor(220, 60, 40)  # red: where it ends
BAND_COLOUR = QColor(255, 190, 0, 90)  # the marked range, translucent over the groove
TICK_WIDTH = 3


class MarkOverlay(QWidget):
    """Paints `in_ms` / `out_ms` (None: not set) over `slider`; follows its size."""

    def __init__(self, slider: QSlider) -> None:
        super().__init__(slider)
        self.setObjectName("seekMarkOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._slider = slider
        self.in_ms: int | None = None
        self.out_ms: int | None = None
        self.setGeometry(slider.rect())
        slider.installEventFilter(self)
        slider.rangeChanged.connect(lambda *_: self.update())

    def set_marks(self, in_ms: int | None, out_ms: int | None) -> None:
        self.in_ms, self.out_ms = in_ms, out_ms
        self.raise_()
        self.update()

    def mark_x(self) -> tuple[int | None, int | None]:
        """Where the In and Out ticks are drawn now (None: not drawn)."""
        if self._slider.maximum() <= self._slider.minimum():
            return None, None
        return (None if self.in_ms is None else x_for_value(self._slider, self.in_ms),
                None if self.out_ms is None else x_for_value(self._slider, self.out_ms))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._slider and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._slider.rect())
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        in_x, out_x = self.mark_x()
        if in_x is None and out_x is None:
            return
        painter = QPainter(self)
        try:
            height = self.height()
            if in_x is not None and out_x is not None and out_x > in_x:
                painter.fillRect(QRect(in_x, height // 4, out_x - in_x, height // 2), BAND_COLOUR)
            for x, colour in ((in_x, IN_COLOUR), (out_x, OUT_COLOUR)):
                if x is None:
                    continue
                painter.setPen(QPen(colour, TICK_WIDTH))
                painter.drawLine(x, 1, x, height - 2)
        finally:
            painter.end()
