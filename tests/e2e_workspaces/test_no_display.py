"""Started without any display, the app explains itself in one line instead of aborting in Qt."""

from __future__ import annotations

import os
import subprocess
import sys

from fastpix_viewer.ui.app.display import NO_DISPLAY_MESSAGE, missing_display


def test_no_display_prints_one_line_and_exits_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "fastpix_viewer.ui.app.launch", "--demo", "--config-dir", str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"fastpix-viewer: {NO_DISPLAY_MESSAGE}"]
    assert result.stdout == ""
    assert not (tmp_path / "logs").exists()  # stopped before anything was set up


def test_display_sources():
    assert missing_display({}, "linux")
    assert not missing_display({"DISPLAY": ":0"}, "linux")
    assert not missing_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not missing_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not missing_display({}, "win32")
    assert not missing_display({}, "darwin")
