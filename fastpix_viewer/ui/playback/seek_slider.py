"""The seek bar: a click jumps to where it lands, a drag previews its time, hovering shows
the time under the pointer (what VLC, mpv and every web player do; the control bar draws
the bubble from `hoverAt`).

QSlider's own left click pages by pageStep toward the pointer (a click at 73% of a 10 s clip
went to 9.7 s), so the left button is handled here: press puts the handle under the pointer,
moving drags it, release seeks. Tracking stays off: one seek per gesture (on release), not
one per pixel, which HLS would pay for in requests. (QSlider's absolute-set style hint seeks
on press and again on release.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)


def _track(slider: QSlider) -> tuple[QStyleOptionSlider, int, int]:
    """The style's mapping of `slider`: its option, the x of the handle's centre at the
    groove's start, and the handle's travel in pixels."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                  QStyle.SubControl.SC_SliderGroove, slider)
    handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                  QStyle.SubControl.SC_SliderHandle, slider)
    return option, groove.x() + handle.width() // 2, max(1, groove.width() - handle.width())


def x_for_value(slider: QSlider, value: int) -> int:
    """The x (slider coordinates) of the handle's centre when `slider` shows `value` (clamped to
    its range): the inverse of `SeekSlider.value_at`, so whatever is drawn at a time (In/Out
    marks, chapter marks) sits where a click would seek to that time."""
    option, start, span = _track(slider)
    value = max(slider.minimum(), min(slider.maximum(), int(value)))
    return start + QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), value, span,
                                                  option.upsideDown)


class SeekSlider(QSlider):
    """A horizontal slider of milliseconds; `hoverTime` is emitted with the time under the pointer."""

    hoverTime = Signal(int)  # ms under the pointer; -1 when the pointer leaves
    hoverAt = Signal(int, int)  # ms under the pointer, and the pointer's x on the bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._dragging = False
        self.setMouseTracking(True)
        self._hover_ms = -1

    def value_at(self, x: float) -> int:
        """The slider value for a pointer at `x` (widget coordinates), as the style maps it."""
        option, start, span = _track(self)
        return QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), int(x) - start, span,
                                              option.upsideDown)

    def hover_ms(self) -> int:
        """The time last shown for the pointer over the bar (-1: the pointer is not over it)."""
        return self._hover_ms

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.maximum() <= self.minimum():
            super().mousePressEvent(event)
            return
        # Down first: with tracking off, moving the handle then only emits sliderMoved (the
        # preview); releasing emits valueChanged once, so a click or a whole drag is one seek.
        self._dragging = True
        self.setSliderDown(True)
        self.setSliderPosition(self.value_at(event.position().x()))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self.setSliderPosition(self.value_at(event.position().x()))
            event.accept()
            return
        super().mouseMoveEvent(event)
        if self.isEnabled() and self.maximum() > 0 and not self.isSliderDown():
            self._show_hover(self.value_at(event.position().x()), int(event.position().x()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = False
            self.setSliderDown(False)  # emits valueChanged when the position moved: the seek
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self._hover_ms = -1
        self.hoverTime.emit(-1)

    def _show_hover(self, ms: int, x: int) -> None:
        self._hover_ms = ms
        self.hoverTime.emit(ms)
        self.hoverAt.emit(ms, x)
