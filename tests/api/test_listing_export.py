"""The listing export (api.listing_export) and the download name templates (api.file_names)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from fastpix_viewer.api.file_names import template_problem, template_stem
from fastpix_viewer.api.listing_export import export_listing, rows_of, to_csv
from fastpix_viewer.api.models import Unreadable, parse_media, parse_stream

PID = "5d8c4a3e-1b2f-4c6d-9e8f-0a1b2c3d4e5f"


def _media(**fields):
    return parse_media({"id": "3f0e8c4a-0000-4000-8000-000000000001", "status": "Ready",
                        "createdAt": "2026-11-26T17:30:00Z", "duration": 12.5,
                        "playbackIds": [{"id": PID, "accessPolicy": "public"}], **fields})


def test_rows_carry_the_shown_name_ids_and_share_link_and_skip_unreadable_items():
    recording = _media(metadata={"livestream_name": "Lobby"})
    stream = parse_stream({"streamId": "a" * 32, "status": "idle", "mediaIds": ["x", "y"],
                           "metadata": {"livestream_name": "Lobby"}})
    rows = rows_of([recording, Unreadable("broken", {}), stream])
    assert [r["id"] for r in rows] == [recording.id, "a" * 32]
    assert rows[0]["name"].startswith("Lobby — ") and rows[0]["duration_seconds"] == 12.5
    assert rows[0]["share_link"] == f"https://play.fastpix.com/?playbackId={PID}"
    assert rows[1]["kind"] == "live stream" and rows[1]["recordings"] == 2


@pytest.mark.parametrize("title", ["=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\t=1"])
def test_csv_never_hands_a_spreadsheet_a_formula(title):
    text = to_csv(rows_of([_media(title=title)]))
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"] == "'" + title
    assert row["name"].startswith("'")  # the shown name (white space folded) is kept as text too


def test_json_keeps_values_exactly_and_the_file_appears_whole(tmp_path):
    media = _media(title="=not a formula in JSON, “quotes”")
    target = tmp_path / "list.json"
    assert export_listing([media], target) == 1
    assert json.loads(target.read_text(encoding="utf-8"))[0]["title"] == media.title
    assert [p.name for p in tmp_path.iterdir()] == ["list.json"]  # no temporary left behind
    with pytest.raises(OSError):
        export_listing([media], tmp_path / "missing-folder" / "list.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["list.json"]


def test_name_templates():
    recording = _media(metadata={"livestream_name": "Weekly town hall"})
    day = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC).astimezone()
    assert template_stem("{stream} {date} {title}", recording) == f"Weekly town hall {day:%Y-%m-%d}"
    assert template_stem("{date} {time} {id}", recording) == f"{day:%Y-%m-%d} {day:%H.%M} {recording.id}"
    assert template_stem("{title}", recording) == f"Weekly town hall — {day:%Y-%m-%d %H.%M}"  # nothing left: its name
    assert template_stem("../{title}", _media(title="a/b")) == "_a_b"  # cleaned like any file name
    assert template_problem("{stream} {nope}").startswith("Unknown field {nope}")
    assert template_problem("  ") == "The file name template is empty."
    assert template_problem("{name}") is None
