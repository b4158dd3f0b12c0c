"""Issue 16 item 19: at 1000x700 titles stay readable (the other columns yield to the
stretching title column) and the Downloads panel shows whole rows. On a real X display with a
window manager (openbox, when installed), the demo workspace in a child interpreter."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from xvfb_support import XvfbUnavailable, run_on_x

from fastpix_viewer.ui.lists.column_fit import COLUMN_FLOOR

pytestmark = pytest.mark.xvfb

CHILD = Path(__file__).with_name("app_xvfb_narrow_child.py")


@pytest.fixture(scope="module")
def narrow(tmp_path_factory) -> dict:
    tmp_path = tmp_path_factory.mktemp("narrow")
    (tmp_path / "downloads").mkdir()
    try:
        child = run_on_x([sys.executable, str(CHILD), str(tmp_path / "config"), str(tmp_path / "downloads")],
                         cwd=str(tmp_path), timeout=120)
    except XvfbUnavailable as problem:
        pytest.fail(f"{problem}: this test needs Xvfb (CI installs it)")
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb" and result["loaded"], result
    assert result["window"] == [1000, 700], result
    assert result["qt_warnings"] == [], result["qt_warnings"]
    return result


@pytest.mark.parametrize("pane", ["streams", "recordings", "media"])
def test_titles_stay_readable_and_other_columns_keep_sensible_widths(narrow, pane):
    shown = narrow[pane]
    widths = dict(shown["widths"])
    title = widths.pop(shown["title_key"])
    # The title column holds 26 characters of a name beside its thumbnail.
    assert title - shown["icon"] - 12 >= shown["sample"], shown
    assert all(width >= COLUMN_FLOOR for width in widths.values()), shown
    assert not shown["scrolls_sideways"], shown
    assert sum(shown["widths"].values()) <= shown["viewport"] + 1, shown


def test_the_downloads_panel_shows_whole_rows(narrow):
    downloads = narrow["downloads"]
    rows, (width, height) = downloads["rows"], downloads["viewport"]
    assert rows, downloads
    assert not downloads["scrolls_sideways"], downloads
    for row in rows:
        assert row["right"] <= width, downloads  # every button of every row, nothing cut sideways
    visible = [r for r in rows if r["bottom"] >= 0 and r["top"] < height]
    assert visible and all(r["top"] >= 0 and r["bottom"] < height for r in visible), downloads
    assert len(visible) == min(3, len(rows)), downloads  # opened tall enough for them
