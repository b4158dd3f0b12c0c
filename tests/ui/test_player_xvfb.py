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


CLOSE_CHILD = PLAYER_CHILD_PRELUDE + textwrap.dedent(
    r"""
    import threading

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent
    from fastpix_viewer.ui.core.worker import WorkerPool

    pool = WorkerPool(2)
    stopped_on = []

    def reaper(stop_and_release, done):  # what the playback controller hands the panel
        def job():
            stopped_on.append(threading.get_ident())
            time.sleep(0.3)  # a stream host slow to let go: the player still owns the window
            stop_and_release()
        return pool.run(job, on_done=lambda _r: done(), on_error=lambda _e: done())

    panel = PlayerPanel()
    panel.set_reaper(reaper)
    panel.resize(480, 320)
    panel.show()
    panel.play(sys.argv[1])
    playing = wait_until(lambda: panel.state() == "playing" and panel.time_ms() >= 500, 15)
    surface = panel.surface
    panel.close()  # closeEvent -> shutdown while the video plays
    panel.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    result = {
        "playing": playing,
        "panel_deleted": not shiboken6.isValid(panel),
        "stopped_on_worker": bool(stopped_on) and stopped_on[0] != threading.main_thread().ident,
        "surface_alive_after_window": shiboken6.isValid(surface),
    }
    result["surface_gone_once_stopped"] = wait_until(lambda: not shiboken6.isValid(surface), 10)
    result["qt_warnings"] = warnings
    pool.shutdown()
    print(json.dumps(result), flush=True)
    """
)


def test_closing_while_playing_leaves_the_stop_to_a_worker_and_the_surface_to_it(hls, tmp_path):
    """Closing the window used to stop libVLC in place: 260-635 ms of frozen main thread in the
    chaos soak (issue 15). The playing player is now stopped by a worker, and its native
    window outlives the closed window until the stop returned, never longer."""
    with running_xvfb() as xvfb:
        child = subprocess.run([sys.executable, "-c", CLOSE_CHILD, hls.master], env=xcb_env(xvfb.display),
                               cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["playing"], result
    assert result["panel_deleted"] and result["stopped_on_worker"], result
    assert result["surface_alive_after_window"], result  # libVLC may still draw into it...
    assert result["surface_gone_once_stopped"], result  # ...and it goes once libVLC let go
    assert result["qt_warnings"] == [], result["qt_warnings"]
