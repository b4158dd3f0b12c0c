"""Full screen is the video alone, on real libVLC (dummy outputs) and the test HLS stream, in
a window like the app's (menu bar, a list and details in splitters, a status bar): F, a
double-click and the button enter it; the controls show on mouse movement and hide after a
moment; Esc (or F, or the button) leaves and everything is back as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QTreeView

from fastpix_viewer.ui.playback import PlayerPanel

PLAY_TIMEOUT_MS = 10000


@pytest.fixture
def window(qtbot, headless_vlc, tmp_path):
    win = QMainWindow()
    win.menuBar().addMenu("&File")
    win.statusBar().showMessage("ready")
    win.list_view = QTreeView()
    win.details = QLabel("details")
    win.panel = PlayerPanel(snapshot_dir=tmp_path)
    right = QSplitter(Qt.Orientation.Vertical)
    right.addWidget(win.panel)
    right.addWidget(win.details)
    win.splitter = QSplitter(Qt.Orientation.Horizontal)
    win.splitter.addWidget(win.list_view)
    win.splitter.addWidget(right)
    win.setCentralWidget(win.splitter)
    qtbot.addWidget(win)
    win.resize(1000, 600)
    win.show()
    qtbot.waitExposed(win)
    win.splitter.setSizes([300, 700])
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    yield win
    win.panel.shutdown()


def play(qtbot, panel, url):
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                          check_params_cb=lambda playing: playing):
        panel.play(url, title="Weekly town hall")


def others(win):
    return [win.menuBar(), win.statusBar(), win.list_view, win.details, win.panel.title_label]


def move_mouse(widget):
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    QApplication.sendEvent(widget, QMouseEvent(
        QEvent.Type.MouseMove, pos, widget.mapToGlobal(pos), Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def test_fullscreen_is_the_video_alone_with_controls_on_mouse_move(qtbot, window, hls):
    panel = window.panel
    panel._video_only._hide_timer.setInterval(300)
    play(qtbot, panel, hls.master)
    sizes = window.splitter.sizes()
    assert all(w.isVisible() for w in others(window))
    qtbot.keyClick(window.list_view, Qt.Key.Key_F)  # from anywhere in the window
    assert panel.is_fullscreen() and window.isFullScreen()
    assert not any(w.isVisible() for w in others(window))
    assert panel.isVisible() and panel.surface.isVisible()
    assert panel.controls.isVisible()  # at first, then gone after a moment
    qtbot.waitUntil(lambda: not panel.controls.isVisible(), timeout=3000)
    move_mouse(panel.surface)
    assert panel.controls.isVisible()
    qtbot.waitUntil(lambda: not panel.controls.isVisible(), timeout=3000)

    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert not panel.is_fullscreen() and not window.isFullScreen()
    assert all(w.isVisible() for w in others(window)) and panel.controls.isVisible()
    # The list keeps its share (the offscreen platform does not give the old window width
    # back after full screen, so compare shares, not pixels).
    after = window.splitter.sizes()
    assert abs(after[0] / sum(after) - sizes[0] / sum(sizes)) < 0.02
    qtbot.wait(500)  # the hide timer no longer runs outside full screen
    assert panel.controls.isVisible()


def test_double_click_and_button_enter_and_leave(qtbot, window, hls):
    panel = window.panel
    play(qtbot, panel, hls.master)
    qtbot.mouseDClick(panel.surface, Qt.MouseButton.LeftButton)
    assert panel.is_fullscreen() and not window.list_view.isVisible()
    qtbot.mouseDClick(panel.surface, Qt.MouseButton.LeftButton)
    assert not panel.is_fullscreen() and window.list_view.isVisible()
    qtbot.mouseClick(panel.controls.fullscreen_button, Qt.MouseButton.LeftButton)
    assert panel.is_fullscreen() and not window.menuBar().isVisible()
    assert panel.controls.fullscreen_button.isChecked()
    qtbot.keyClick(panel, Qt.Key.Key_F)
    assert not panel.is_fullscreen() and window.menuBar().isVisible()
