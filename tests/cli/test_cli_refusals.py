"""`url` and `download` refuse what cannot be played or saved, with one typed line and no output."""

from __future__ import annotations

import httpx
import pytest


def _get(sandbox, path: str, **params):
    response = httpx.get(f"{sandbox.api_base}/{path}", params=params, auth=(sandbox.token_id, sandbox.secret_key))
    response.raise_for_status()
    return response.json()["data"]


def _public_media(sandbox, status: str) -> dict:
    return next(m for m in _get(sandbox, "on-demand", limit=50)
                if m["status"] == status and any(p["accessPolicy"] == "public" for p in m.get("playbackIds", [])))


@pytest.mark.parametrize("status", ["Processing", "Failed"])
def test_url_of_media_that_is_not_ready_prints_no_url(cli, sandbox, sandbox_env, status):
    media = _public_media(sandbox, status)
    result = cli("url", media["id"])
    assert result.code != 0 and result.out == ""
    assert ("not ready" in result.error_line) if status == "Processing" else ("could not process" in result.error_line)


def test_url_of_an_idle_stream_prints_no_url(cli, sandbox, sandbox_env):
    idle = next(s for s in _get(sandbox, "live/streams", limit=50)
                if s["status"] == "idle" and any(p["accessPolicy"] == "public" for p in s.get("playbackIds", [])))
    result = cli("url", idle["streamId"], "--json")
    assert result.code != 0 and result.out == ""
    assert "not broadcasting (status idle)" in result.error_line


@pytest.mark.parametrize("status", ["Processing", "Failed"])
def test_download_of_media_that_is_not_ready_says_why(cli, sandbox, sandbox_env, tmp_path, status):
    media = _public_media(sandbox, status)
    result = cli("download", media["id"], "-o", str(tmp_path / "x.mp4"))
    line = result.error_line
    assert result.code == 1 and "MP4 downloads are not enabled" not in line
    assert ("still processing" in line) if status == "Processing" else ("could not process" in line)
    assert list(tmp_path.iterdir()) == []


def _downloadable(sandbox) -> dict:
    for media in _get(sandbox, "on-demand", limit=50):
        support = media.get("mp4Support") or []
        if (media["status"] == "Ready" and not media.get("isAudioOnly")
                and any(p["accessPolicy"] == "public" for p in media["playbackIds"])
                and any(r.get("type") == "capped_4k" and r.get("status") == "ready" for r in support)):
            return media
    raise LookupError("no downloadable media in the seed")


def test_download_into_a_directory_uses_the_default_name(cli, sandbox, sandbox_env, tmp_path):
    media = _downloadable(sandbox)
    folder = tmp_path / "videos"
    folder.mkdir()
    result = cli("download", media["id"], "-o", str(folder))
    assert result.code == 0
    saved = list(folder.iterdir())
    assert len(saved) == 1 and saved[0].suffix == ".mp4" and saved[0].stat().st_size > 0
    assert result.out.strip() == str(saved[0])


def test_download_to_a_missing_folder_is_refused_and_creates_nothing(cli, sandbox, sandbox_env, tmp_path):
    media = _downloadable(sandbox)
    target = tmp_path / "nonexistent" / "x.mp4"
    result = cli("download", media["id"], "-o", str(target))
    assert result.code == 2 and "does not exist" in result.error_line and "nonexistent" in result.error_line
    assert not (tmp_path / "nonexistent").exists()


def test_media_that_is_not_ready_shows_an_unknown_duration(cli, sandbox, sandbox_env):
    media = _public_media(sandbox, "Processing")
    shown = cli("show", media["id"]).out
    assert "Duration:       —" in shown and "0:00" not in shown
    row = next(line for line in cli("media").out.splitlines() if line.startswith(media["id"]))
    assert "0:00" not in row and " — " in row
