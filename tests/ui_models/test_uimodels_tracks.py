"""TracksModel: grouped by type, tolerant of drifted track fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from fastpix_viewer.ui.details.tracks import TrackRole, TracksModel, format_frame_rate

MEDIA = json.loads(
    (Path("/work/shared/fastpix-openapi/observed-responses") / "get-media.json").read_text()
)["data"]


def table(model):
    """{group title: [row texts…]} as the tree shows it."""
    out = {}
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        out[group.data()] = [
            [model.index(r, c, group).data() for c in range(model.columnCount())]
            for r in range(model.rowCount(group))
        ]
    return out


def test_recorded_media_tracks(qtmodeltester):
    model = TracksModel()
    qtmodeltester.check(model, force_py=True)
    model.set_tracks(MEDIA["tracks"])
    assert table(model) == {
        "Video (1)": [["Video 1", "1280 x 720", "24 fps", "", "available"]],
        "Audio (1)": [["Audio 1", "", "", "default (und)", "available"]],
    }
    video = model.index(0, 0, model.index(0, 0))
    assert video.data(TrackRole)["id"] == "d521c8f0-73df-434c-99bf-e7ba6e537b94"
    assert "d521c8f0" in video.data(Qt.ItemDataRole.ToolTipRole)


def test_drifted_and_odd_tracks(qtmodeltester):
    model = TracksModel()
    qtmodeltester.check(model, force_py=True)
    model.set_tracks(
        [
            {"type": "subtitle", "languageCode": "en", "languageName": "English", "status": "Ready"},
            {"type": "video", "width": "1920", "height": 1080.0, "frameRate": "30/1", "status": "Ready"},
            {"type": "video", "width": None, "frameRate": -1},
            {"type": "audio", "languageCode": "fr", "title": "<b>Commentary</b>"},
            {"type": "VIDEO", "width": 640, "height": "x", "frameRate": "30000/1001"},
            {"type": "data-cue"},
            {},
            "not a track",
            {"type": "audio", "languageName": "default", "languageCode": "und", "status": "preparing"},
        ]
    )
    assert table(model) == {
        "Video (3)": [
            ["Video 1", "1920 x 1080", "30 fps", "", "Ready"],
            ["Video 2", "", "", "", ""],
            ["Video 3", "640 x ?", "29.97 fps", "", ""],
        ],
        "Audio (2)": [
            ["<b>Commentary</b>", "", "", "fr", ""],
            ["Audio 2", "", "", "default (und)", "preparing"],
        ],
        "Subtitles (1)": [["Subtitle 1", "", "", "English (en)", "Ready"]],
        "Data-cue (1)": [["Data-cue 1", "", "", "", ""]],
        "Other (1)": [["Other 1", "", "", "", ""]],
    }
    model.set_tracks(None)
    assert model.rowCount() == 0
    assert model.rowCount(QModelIndex()) == 0


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("60.000", "60 fps"), ("23.976", "23.976 fps"), (25, "25 fps"), ("30/0", ""), ("abc", ""), (-1, ""), (None, ""), (True, "")],
)
def test_frame_rate_formats(raw, shown):
    assert format_frame_rate(raw) == shown
