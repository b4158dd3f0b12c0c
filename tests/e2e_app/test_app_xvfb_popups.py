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
import sys
from pathlib import Path

import pytest
from xvfb_support import XvfbUnavailable, run_on_x

pytestmark = pytest.mark.xvfb

CHILD = Path(__file__).with_name("app_xvfb_popups_child.py")


def test_menus_of_the_lists_and_details_make_no_qt_warning_on_x(tmp_path):
    try:
        child = run_on_x([sys.executable, str(CHILD), str(tmp_path / "config")], cwd=str(tmp_path), timeout=90)
    except XvfbUnavailable as problem:
        pytest.fail(f"{problem}: this test needs Xvfb (CI installs it)")
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
