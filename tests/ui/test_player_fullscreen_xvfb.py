"""Full screen under Xvfb (real X video output): the window shows the video alone, no list,
no menu bar, no controls after a moment; Esc brings them back. Pixels come from the X server
(libVLC draws there), in a child interpreter on xcb as in test_player_xvfb.py. No window
manager is installed here, so the window keeps its size (making it screen-sized is the
WM's answer to the full-screen state, which is checked)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest
from xvfb_support import PLAYER_CHILD_PRELUDE, running_xvfb, xcb_env

pytestmark = pytest.mark.xvfb

CHILD = PLAYER_CHILD_PRELUDE + textwrap.dedent(
    r"""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMainWindow, QSplitter, QTreeView

    win = QMainWindow()
    win.menuBar().addMenu("&File")
    tree = QTreeView()
    panel = PlayerPanel()
    panel._video_only._hide_timer.setInterval(500)
    splitter = QSplitter()
    splitter.addWidget(tree)
    splitter.addWidget(panel)
    win.setCentralWidget(splitter)
    win.resize(700, 450)
    win.show()

    def bright_fraction():
        screen = QApplication.primaryScreen()
        shot = screen.grabWindow(int(win.winId())).toImage()
        bright = samples = 0
        for y in range(2, shot.height(), max(1, shot.height() // 40)):
            for x in range(2, shot.width(), max(1, shot.width() // 50)):
                c = shot.pixelColor(x, y)
                bright += (c.red() + c.green() + c.blue()) > 60
                samples += 1
        return bright / max(1, samples)

    panel.play(sys.argv[1])
    playing = wait_until(lambda: panel.state() == "playing" and panel.time_ms() >= 500, 15)
    win.activateWindow()
    wait_until(lambda: win.isActiveWindow(), 3)
    QTest.keyClick(tree, Qt.Key.Key_F)
    wait_until(lambda: not panel.controls.isVisible(), 5)
    wait_until(lambda: False, 0.5)  # frames at the new size
    result = {
        "playing": playing,
        "fullscreen": panel.is_fullscreen(),
        "window_state_fullscreen": bool(win.windowState() & Qt.WindowState.WindowFullScreen),
        "surface_fills_window": panel.surface.size() == win.size(),
        "tree_visible": tree.isVisible(),
        "controls_visible": panel.controls.isVisible(),
        "bright_fullscreen": bright_fraction(),
    }
    QTest.keyClick(tree, Qt.Key.Key_Escape)
    wait_until(lambda: False, 0.3)
    result["left"] = not panel.is_fullscreen()
    result["tree_visible_after"] = tree.isVisible()
    result["controls_visible_after"] = panel.controls.isVisible()
    win.close()
    panel.shutdown()
    result["qt_warnings"] = warnings
    print(json.dumps(result), flush=True)
    """
)


def test_fullscreen_shows_the_video_alone_under_xvfb(hls, tmp_path):
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is required for this test (apt install xvfb); CI installs it")
    with running_xvfb() as xvfb:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, hls.master],
            env=xcb_env(xvfb.display), cwd=tmp_path, capture_output=True, text=True, timeout=60,
        )
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["playing"] and result["fullscreen"], result
    # The video fills the whole window (without a window manager, Xvfb leaves the window at its
    # size: the screen-sized part is the WM's job, asked for by the full-screen state).
    assert result["window_state_fullscreen"] and result["surface_fills_window"], result
    assert not result["tree_visible"] and not result["controls_visible"], result
    # The colourful test pattern fills the window: hardly any black, no list, no bars.
    assert result["bright_fullscreen"] > 0.8, result
    assert result["left"] and result["tree_visible_after"] and result["controls_visible_after"], result
    assert result["qt_warnings"] == [], result["qt_warnings"]
