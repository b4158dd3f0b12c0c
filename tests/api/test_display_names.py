"""The name rule shared by the app and the command line (api.display_names), and the download
file name made from it (api.file_names.media_filename)."""

from __future__ import annotations

import datetime as dt

from fastpix_viewer.api.display_names import display_name
from fastpix_viewer.api.file_names import media_filename
from fastpix_viewer.api.models import parse_media, parse_stream

CREATED = "2026-11-26T17:30:00Z"


def _local(clock: str) -> str:
    return dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC).astimezone().strftime(f"%Y-%m-%d {clock}")


def _media(**fields):
    return parse_media({"id": "3f0e8c4a-0000-4000-8000-000000000001", "status": "Ready",
                        "createdAt": CREATED, **fields})


def test_own_title_first_then_stream_name_with_start_then_id():
    assert display_name(_media(title="Keynote", metadata={"livestream_name": "Conf"})) == "Keynote"
    assert display_name(_media(metadata={"title": "From metadata"})) == "From metadata"
    recording = _media(metadata={"livestream_name": "Weekly  town\nhall"})
    assert display_name(recording) == f"Weekly town hall — {_local('%H:%M')}"
    assert display_name(_media()) == "3f0e8c4a-0000-4000-8000-000000000001"
    # No readable start: the stream's name alone (never a broken date).
    assert display_name(_media(createdAt="yesterday", metadata={"livestream_name": "Lobby"})) == "Lobby"


def test_streams_and_other_objects():
    assert display_name(parse_stream({"streamId": "a" * 32, "metadata": {"livestream_name": "Lobby"}})) == "Lobby"
    assert display_name(parse_stream({"streamId": "a" * 32})) == f"Live stream {'a' * 32}"
    assert display_name(None) == "" and display_name("text") == ""


def test_file_names_carry_the_start_in_a_portable_form():
    recording = _media(metadata={"livestream_name": "Weekly town hall"})
    assert media_filename(recording, "mp4") == f"Weekly town hall — {_local('%H.%M')}.mp4"
    assert ":" not in media_filename(recording, "mp4")
    assert media_filename(_media(title="../x"), "m4a") == "_x.m4a"  # the same refusals as any title
