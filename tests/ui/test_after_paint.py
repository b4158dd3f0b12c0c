"""core.after_paint (issue 15): at start-up the streams list is drawn before the first stream is
selected, so what runs "after the paint" must really come after it, and must still come when
the widget never paints or keeps repainting."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from fastpix_viewer.ui.core.after_paint import after_next_paint


class PaintCounter(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def paintEvent(self, event) -> None:
        self.paints += 1


def test_the_action_runs_after_the_visible_widget_has_painted(qtbot):
    widget = PaintCounter()
    qtbot.addWidget(widget)
    widget.show()
    seen: list[int] = []
    after_next_paint(widget, lambda: seen.append(widget.paints))
    assert seen == []  # never in the same turn: the window is drawn first
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0] >= 1


def test_a_hidden_widget_does_not_hold_the_action_back(qtbot):
    widget = PaintCounter()
    qtbot.addWidget(widget)
    seen: list[bool] = []
    after_next_paint(widget, lambda: seen.append(True))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert widget.paints == 0 and seen == [True]


def test_a_widget_that_does_not_paint_still_gets_the_action(qtbot):
    widget = PaintCounter()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setUpdatesEnabled(False)  # like a covered window: no paint will come
    painted_before = widget.paints
    seen: list[bool] = []
    after_next_paint(widget, lambda: seen.append(True))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert widget.paints == painted_before


def test_a_widget_that_keeps_repainting_does_not_put_the_action_off_for_ever(qtbot):
    widget = PaintCounter()
    qtbot.addWidget(widget)
    widget.show()
    ticker = QTimer(widget)
    ticker.timeout.connect(widget.repaint)  # e.g. thumbnails landing one after another
    ticker.start(2)
    seen: list[bool] = []
    after_next_paint(widget, lambda: seen.append(True))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    ticker.stop()
    qtbot.wait(50)
    assert seen == [True]  # once only


def test_nothing_runs_for_a_widget_that_is_gone(qtbot):
    widget = PaintCounter()
    widget.show()
    seen: list[bool] = []
    after_next_paint(widget, lambda: seen.append(True))
    widget.deleteLater()
    qtbot.wait(300)  # longer than the fallback
    assert seen == []
