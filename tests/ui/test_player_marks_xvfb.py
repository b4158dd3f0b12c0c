"""The In and Out marks on a real X server: what the X server shows of the seek bar (not Qt's
own grab) has the green In tick and the red Out tick at the x where a click seeks to each
mark's time, and no tick colour before In. The Qt part runs in a child interpreter on an
Xvfb display this test starts (Qt cannot switch platform inside an offscreen process)."""

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
    from fastpix_viewer.ui.playback.mark_overlay import IN_COLOUR, OUT_COLOUR

    panel = PlayerPanel()
    panel.resize(640, 420)
    panel.show()

    def near(c, wanted):
        return all(abs(a - b) < 40 for a, b in ((c.red(), wanted.red()), (c.green(), wanted.green()),
                                                (c.blue(), wanted.blue())))

    panel.play(sys.argv[1])
    playing = wait_until(lambda: panel.state() == "playing" and panel.can_seek(), 15)
    panel.pause()
    wait_until(lambda: panel.state() == "paused", 5)
    panel.marks.set_marks(1500, 4500)
    wait_until(lambda: False, 0.3)  # painted and flushed to the X server
    slider = panel.controls.seek_slider
    in_x, out_x = panel.marks.overlay.mark_x()
    origin = slider.mapToGlobal(slider.rect().topLeft())
    shot = QApplication.primaryScreen().grabWindow(0, origin.x(), origin.y(), slider.width(),
                                                   slider.height()).toImage()
    y = slider.height() // 2
    result = {
        "playing": playing,
        "in_x": in_x, "out_x": out_x, "width": slider.width(),
        "in_value": slider.value_at(in_x), "out_value": slider.value_at(out_x),
        "per_pixel": slider.maximum() / max(1, slider.width()),
        "green_at_in": any(near(shot.pixelColor(x, y), IN_COLOUR) for x in (in_x - 1, in_x, in_x + 1)),
        "red_at_out": any(near(shot.pixelColor(x, y), OUT_COLOUR) for x in (out_x - 1, out_x, out_x + 1)),
        "tick_colour_before_in": any(near(shot.pixelColor(x, y), IN_COLOUR) or near(shot.pixelColor(x, y), OUT_COLOUR)
                                     for x in range(2, in_x - 4)),
        "platform": QApplication.platformName(),
    }
    panel.close()
    result["qt_warnings"] = warnings
    print(json.dumps(result), flush=True)
    """
)


def test_marks_are_drawn_where_they_seek_on_a_real_x_server(hls, tmp_path):
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is required for this test (apt install xvfb); CI installs it")
    with running_xvfb() as xvfb:
        child = subprocess.run([sys.executable, "-c", CHILD, hls.master], env=xcb_env(xvfb.display),
                               cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb" and result["playing"], result
    assert 0.15 * result["width"] < result["in_x"] < result["out_x"] < 0.85 * result["width"], result
    assert abs(result["in_value"] - 1500) <= 2 * result["per_pixel"], result
    assert abs(result["out_value"] - 4500) <= 2 * result["per_pixel"], result
    assert result["green_at_in"] and result["red_at_out"], result
    assert not result["tick_colour_before_in"], result
    assert result["qt_warnings"] == [], result["qt_warnings"]
