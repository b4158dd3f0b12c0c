"""Issue 16 item 20: on a real X display the video surface makes the list tabs and the
details box native child windows; menus popped from them must not make Qt warn
"QWidgetWindow(…listTabsWindow) must be a top level window". Any Qt warning fails. The
player's Speed, Audio and Subtitles menus too (the control bar is a native child as well:
"playerControlsWindow must be a top level window"), and the seek bar's preview frame.

The window runs in a child interpreter on an Xvfb this test starts (see test_app_xvfb.py).
A window manager is started too when one is installed (openbox), since focus and popups
behave differently with one; without it the warnings still reproduce.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from xvfb_support import XvfbUnavailable, start_xvfb, xcb_env

pytestmark = pytest.mark.xvfb

CHILD = Path(__file__).with_name("app_xvfb_popups_child.py")
TESTS_DIR = Path(__file__).resolve().parents[1]
WINDOW_MANAGERS = ("openbox", "fluxbox")


def test_menus_of_the_lists_and_details_make_no_qt_warning_on_x(tmp_path):
    try:
        xvfb = start_xvfb("1280x800x24")
    except XvfbUnavailable as problem:
        pytest.fail(f"{problem}: this test needs Xvfb (CI installs it)")
    manager = None
    try:
        env = xcb_env(xvfb.display)
        wm = next((shutil.which(name) for name in WINDOW_MANAGERS if shutil.which(name)), None)
        if wm is not None:
            manager = subprocess.Popen([wm], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS_DIR), env.get("PYTHONPATH", "")) if p)
        child = subprocess.run([sys.executable, str(CHILD), str(tmp_path / "config")],
                               env=env, cwd=tmp_path, capture_output=True, text=True, timeout=90)
    finally:
        if manager is not None:
            manager.terminate()
            manager.wait(timeout=10)
        xvfb.stop()
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb" and result["loaded"], result
    # The condition that made Qt warn is really there (else this test proves nothing).
    assert result["native_children"] == ["detailsBox", "listTabs", "playerControls"], result
    assert result["shown"] == ["columnsMenu", "detailsMenu", "lineEditMenu", "itemContextMenu"], result
    assert result["tracks_known"], result
    assert result["player_menus"] == ["speedMenu", "audioTrackMenu", "subtitleMenu"], result
    assert result["preview_shown"], result  # the seek bar's preview frame, a window of its own
    assert result["qt_warnings"] == [], result["qt_warnings"]
