"""The whole app under a real X server: a Ready recording plays in the main window's video area.

Qt cannot switch platform inside a process that already runs offscreen, so the window
runs in a child interpreter (app_xvfb_child.py) with QT_QPA_PLATFORM=xcb on an Xvfb
display this test starts and stops itself. The child has its own in-process sandbox
and libVLC's real X video output; the pixels are read back from the X server, since
libVLC draws past Qt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from xvfb_support import XvfbUnavailable, start_xvfb, xcb_env

pytestmark = pytest.mark.xvfb

CHILD = Path(__file__).with_name("app_xvfb_child.py")
TESTS_DIR = Path(__file__).resolve().parents[1]


def run_child(tmp_path: Path) -> dict:
    try:
        xvfb = start_xvfb("1280x800x24")
    except XvfbUnavailable as problem:
        pytest.fail(f"{problem}: this test needs Xvfb (CI installs it)")
    try:
        env = xcb_env(xvfb.display)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS_DIR), env.get("PYTHONPATH", "")) if p)
        child = subprocess.run(
            [sys.executable, str(CHILD), str(tmp_path / "config")],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=90,
        )
    finally:
        xvfb.stop()
    assert child.returncode == 0, child.stderr[-3000:]
    return json.loads(child.stdout.strip().splitlines()[-1])


def test_main_window_plays_a_recording_visibly_under_xvfb(tmp_path):
    result = run_child(tmp_path)
    assert result["platform"] == "xcb"
    assert result["loaded"] and result["selected"], result
    assert "error" not in result, result
    assert result["reached_playing"] and result["played_1500ms"], result
    assert result["state"] == "playing" and result["message"] == "", result
    assert result["title_shown"] == result["recording"]
    # The clock runs: seconds elapsed went up, against the recording's length.
    assert result["elapsed_later"] >= 1 and result["elapsed_later"] > result["elapsed_at_start"], result
    assert abs(result["total_later"] - result["duration_s"]) <= 1, result
    # The video area shows the test pattern: many colours, hardly any black.
    assert result["grab"] == result["surface"] and result["grab"][0] > 200, result
    assert result["colours"] >= 8, result
    assert result["bright_fraction"] > 0.5, result
    assert result["shut_down"] is True
    assert result["qt_warnings"] == [], result["qt_warnings"]
