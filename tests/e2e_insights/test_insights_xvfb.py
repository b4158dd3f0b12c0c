"""Pixels on a real X server (Xvfb): the chapter marks on the seek bar sit at the chapters' x,
and the Audience chart draws its bars, as the X server shows them (not only Qt's own grab).

Qt cannot switch platform inside a process that already runs offscreen, so the Qt part runs
in a child interpreter with QT_QPA_PLATFORM=xcb on an Xvfb display this test starts itself.
The chapters and view counts come from the sandbox over real HTTP (the parent asks, with the
app's client) and are handed to the child.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fpv_insights_helpers import KEYNOTE
from fpv_support.sandbox_workspace import sandbox_workspace
from xvfb_support import QT_CHILD_PRELUDE, running_xvfb, xcb_env

from fastpix_viewer.api import FastPixClient

pytestmark = pytest.mark.xvfb

CHILD = QT_CHILD_PRELUDE + textwrap.dedent(
    r"""
    from PySide6.QtWidgets import QVBoxLayout, QWidget
    from fastpix_viewer.api.metrics import SPANS, Audience, AudiencePoint
    from fastpix_viewer.ui.details.audience_chart import VIEWS_COLOUR, AudienceChart
    from fastpix_viewer.ui.playback.chapter_marks import MARK_COLOUR, ChapterMarks, x_for_value
    from fastpix_viewer.ui.playback.controls import ControlBar
    from xvfb_support import grab_from_x

    facts = json.loads(sys.argv[1])
    window = QWidget()
    column = QVBoxLayout(window)
    bar = ControlBar()
    chart = AudienceChart()
    column.addWidget(bar)
    column.addWidget(chart)
    window.resize(640, 360)
    slider = bar.seek_slider
    slider.setRange(0, facts["length_ms"])
    marks = ChapterMarks(slider)
    marks.set_marks(facts["starts_ms"])
    points = tuple(AudiencePoint(p["time"], p["views"], p["unique"]) for p in facts["points"])
    chart.set_audience(Audience(SPANS["7d"], "media:x", points, "day"))
    window.show()

    def settle(seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            loop = QEventLoop()
            QTimer.singleShot(50, loop.quit)
            loop.exec()

    settle(1.0)
    shot = grab_from_x(slider)
    expected = [x_for_value(slider, ms) for ms in facts["starts_ms"] if ms > 0]
    at_marks = [shot.pixelColor(x, 1).name() for x in expected]
    between = shot.pixelColor(x_for_value(slider, min(ms for ms in facts["starts_ms"] if ms > 0) // 2), 1).name()
    chart_shot = grab_from_x(chart)
    rects = chart.bar_rects()
    tallest = max(range(len(points)), key=lambda i: points[i].views or 0)
    bar_rect = rects[tallest]
    in_bar = chart_shot.pixelColor(int(bar_rect.center().x()), int(bar_rect.bottom() - 3)).name()
    print(json.dumps({
        "platform": QApplication.platformName(), "mark_xs": marks.mark_xs(), "expected": expected,
        "at_marks": at_marks, "between": between, "mark_colour": MARK_COLOUR.name(),
        "in_bar": in_bar, "views_colour": VIEWS_COLOUR.name(), "qt_warnings": warnings,
    }), flush=True)
    window.close()
    """
)


def test_chapter_marks_and_the_audience_chart_on_a_real_x_server(sandbox, tmp_path):
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is required for this test (apt install xvfb); CI installs it")
    with FastPixClient(sandbox_workspace(sandbox, name="sandbox")) as client:
        keynote = next(m for m in client.all_media() if m.title == KEYNOTE)
        media, insights = client.media_insights(keynote.id)
        audience = client.audience(media_id=keynote.id, span="7d")
    facts = {
        "length_ms": round((media.duration or 0) * 1000),
        "starts_ms": [round(c.start * 1000) for c in insights.chapters.chapters if c.start is not None],
        "points": [{"time": p.time, "views": p.views, "unique": p.unique_viewers} for p in audience.points],
    }
    assert facts["length_ms"] > 0 and len(facts["starts_ms"]) >= 2
    assert any(p["views"] for p in facts["points"])
    tests_dir = str(Path(__file__).resolve().parents[1])  # the child imports xvfb_support from there
    with running_xvfb() as xvfb:
        env = xcb_env(xvfb.display)
        env["PYTHONPATH"] = tests_dir + ":" + env.get("PYTHONPATH", "")
        child = subprocess.run([sys.executable, "-c", CHILD, json.dumps(facts)], env=env, cwd=tmp_path,
                               capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr[-3000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    assert result["mark_xs"] == result["expected"] and result["expected"]
    assert result["at_marks"] == [result["mark_colour"]] * len(result["expected"])
    assert result["between"] != result["mark_colour"]
    assert result["in_bar"] == result["views_colour"]
    assert result["qt_warnings"] == [], result["qt_warnings"]
