"""core.after_paint (issue 15): at start-up the streams list is drawn before the first stream is
selected, so what runs "after the paint" must really come after it, and must still come when
the widget never paints or keeps repainting."""

from __future__ import annotations

import os
import subprocess
import sys

from fpv_support.paint_counter import PaintCounter
from PySide6.QtCore import QTimer

from fastpix_viewer.ui.core.after_paint import after_next_paint


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


# Run in a child process: before the fix this corrupted the heap, which would take the whole
# test session down instead of failing one test.
_DROP_AFTER_ACTION = """
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from fastpix_viewer.ui.core.after_paint import after_next_paint
app = QApplication([])
for _ in range(50):
    widget = QWidget()
    seen = []
    after_next_paint(widget, lambda: seen.append(True))
    while not seen:
        app.processEvents()
    assert widget.children(), "the helper's deletion is still pending"
    del widget  # the owner lets go between the action and the helper's deferred deletion
    loop = QEventLoop()
    QTimer.singleShot(5, loop.quit)
    loop.exec()
print("ok")
"""


def test_a_widget_dropped_just_after_its_action_ran_does_not_crash_the_app():
    # The helper is the widget's child. When it kept the widget's wrapper alive, its deferred
    # deletion dropped the widget's last reference, which deleted the widget and so the helper
    # a second time: heap corruption, a segfault in CI (stop 15).
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MALLOC_CHECK_="3", QT_FATAL_WARNINGS="1")
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", _DROP_AFTER_ACTION],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
