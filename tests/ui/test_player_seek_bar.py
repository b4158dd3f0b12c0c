"""The seek bar on real libVLC (dummy outputs) and the test HLS stream: a click jumps to where
it lands (it used to page by 10 s), a drag previews the time and seeks once on release,
hovering shows the time under the pointer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from fastpix_viewer.ui.playback.request import format_ms

PLAY_TIMEOUT_MS = 10000


def start(qtbot, panel, url):
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                          check_params_cb=lambda playing: playing):
        panel.play(url)
    qtbot.waitUntil(panel.can_seek, timeout=5000)


def x_at(slider, fraction: float) -> int:
    """The x where the slider's own mapping puts `fraction` of its range."""
    target = int(slider.maximum() * fraction)
    return min(range(slider.width()), key=lambda x: abs(slider.value_at(x) - target))


def mouse(slider, kind: QEvent.Type, x: int, buttons: Qt.MouseButton) -> None:
    pos = QPointF(x, slider.height() / 2)
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, pos, slider.mapToGlobal(pos), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(slider, event)


def test_a_click_on_the_seek_bar_jumps_to_that_point(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    slider = panel.controls.seek_slider
    length = panel.length_ms()
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x_at(slider, 0.73), slider.height() // 2))
    # Paging by 10 s would land at the end (6 s clip); a jump lands near 73%.
    qtbot.waitUntil(lambda: abs(panel.time_ms() - 0.73 * length) < 700, timeout=5000)
    panel.pause()
    qtbot.waitUntil(lambda: panel.state() == "paused", timeout=3000)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x_at(slider, 0.25), slider.height() // 2))
    qtbot.waitUntil(lambda: abs(panel.position_ms() - 0.25 * length) < 400, timeout=3000)
    assert panel.controls.time_label.text().startswith(format_ms(panel.position_ms()))


def test_dragging_previews_the_time_and_seeks_once_on_release(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    panel.pause()
    qtbot.waitUntil(lambda: panel.state() == "paused", timeout=3000)
    slider = panel.controls.seek_slider
    length = panel.length_ms()
    before = panel.position_ms()
    seeks: list[int] = []
    slider.valueChanged.connect(seeks.append)
    left = Qt.MouseButton.LeftButton
    mouse(slider, QEvent.Type.MouseButtonPress, x_at(slider, 0.1), left)
    mouse(slider, QEvent.Type.MouseMove, x_at(slider, 0.5), left)
    mouse(slider, QEvent.Type.MouseMove, x_at(slider, 0.85), left)
    # The time label previews where the release will land; nothing seeks yet.
    assert panel.controls.time_label.text() == f"{format_ms(slider.sliderPosition())} / {format_ms(length)}"
    assert abs(slider.sliderPosition() - 0.85 * length) < 300
    assert seeks == [] and abs(panel.position_ms() - before) < 300
    mouse(slider, QEvent.Type.MouseButtonRelease, x_at(slider, 0.85), Qt.MouseButton.NoButton)
    assert len(seeks) == 1 and abs(seeks[0] - 0.85 * length) < 300
    qtbot.waitUntil(lambda: abs(panel.position_ms() - 0.85 * length) < 400, timeout=3000)


def test_hovering_the_seek_bar_shows_the_time_there(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    slider = panel.controls.seek_slider
    length = panel.length_ms()
    shown: list[int] = []
    slider.hoverTime.connect(shown.append)
    mouse(slider, QEvent.Type.MouseMove, x_at(slider, 0.5), Qt.MouseButton.NoButton)
    assert shown and abs(shown[-1] - length / 2) < 300
    assert slider.hover_ms() == shown[-1]
    bubble = panel.controls.seek_hover_label
    assert bubble.isVisible() and bubble.text() == format_ms(shown[-1])
    # The bubble sits under the pointer, inside the control bar.
    pointer = slider.mapTo(panel.controls, QPoint(x_at(slider, 0.5), 0)).x()
    assert bubble.geometry().left() <= pointer <= bubble.geometry().right()
    QApplication.sendEvent(slider, QEvent(QEvent.Type.Leave))
    assert shown[-1] == -1 and slider.hover_ms() == -1
    assert not bubble.isVisible()
