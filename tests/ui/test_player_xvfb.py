"""The one pixel test: real X video output under Xvfb shows the recording.

Qt cannot switch platform inside a process that already runs offscreen, so the
Qt part runs in a child interpreter with QT_QPA_PLATFORM=xcb on an Xvfb display
this test starts (and stops) itself. The child also closes the window while the
video is playing, so a prompt, clean exit is checked on a real X server too.
"""

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
    panel = PlayerPanel()
    panel.resize(640, 420)
    panel.show()

    def wait_until(predicate, timeout_s):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if predicate():
                return True
            loop = QEventLoop()
            QTimer.singleShot(50, loop.quit)
            loop.exec()
        return False

    panel.play(sys.argv[1])
    playing = wait_until(lambda: panel.state() == "playing" and panel.time_ms() >= 1000, 15)
    wait_until(lambda: False, 0.3)  # let a few more frames reach the window
    surface = panel.surface
    shot = QApplication.primaryScreen().grabWindow(int(surface.winId())).toImage()
    colours, bright = set(), 0
    samples = 0
    for y in range(4, shot.height(), max(1, shot.height() // 30)):
        for x in range(4, shot.width(), max(1, shot.width() // 40)):
            c = shot.pixelColor(x, y)
            colours.add((c.red() // 32, c.green() // 32, c.blue() // 32))
            bright += (c.red() + c.green() + c.blue()) > 60
            samples += 1
    result = {
        "playing": playing,
        "state": panel.state(),
        "time_ms": panel.time_ms(),
        "grab": [shot.width(), shot.height()],
        "surface": [surface.width(), surface.height()],
        "colours": len(colours),
        "bright_fraction": bright / max(1, samples),
        "platform": QApplication.platformName(),
    }
    panel.close()  # closeEvent -> shutdown while the video is still playing
    result["shut_down"] = panel.is_shut_down
    result["qt_warnings"] = warnings
    print(json.dumps(result), flush=True)
    """
)


def test_video_area_shows_the_recording_under_xvfb(hls, tmp_path):
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is required for this test (apt install xvfb); CI installs it")
    with running_xvfb() as xvfb:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, hls.master],
            env=xcb_env(xvfb.display),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    assert result["playing"], result
    assert result["grab"] == result["surface"] and result["grab"][0] > 100
    # testsrc2 is a colourful pattern: many colours and hardly any black.
    assert result["colours"] >= 8, result
    assert result["bright_fraction"] > 0.5, result
    assert result["shut_down"] is True
    assert result["qt_warnings"] == [], result["qt_warnings"]
