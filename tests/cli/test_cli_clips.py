"""`clip`, `mp4` and `playback-ids` end to end: the real command against the sandbox on
127.0.0.1. Refusals exit 2 with one line, and the sandbox's request log proves nothing was
written to the workspace."""

from __future__ import annotations

import json
import time

import httpx
import pytest


def _api(sandbox, method: str, path: str, **kwargs) -> httpx.Response:
    return httpx.request(method, f"{sandbox.api_base}/{path}", auth=(sandbox.token_id, sandbox.secret_key),
                         timeout=10, **kwargs)


def _writes(sandbox) -> list[dict]:
    """Every non-GET API request the sandbox received since the test's reset."""
    log = httpx.get(f"{sandbox.control_base}/requests", timeout=10).json()
    return [entry for entry in log if entry["method"] != "GET"]


def _delay(sandbox, seconds: float | None) -> None:
    httpx.post(f"{sandbox.control_base}/config", json={"processing_delay": seconds}, timeout=10).raise_for_status()


def _seed(sandbox, *, status: str = "Ready", asset: str | None = None, whole: bool = True):
    for media in sandbox.workspace.page_media(50, 1).items:
        if media.status == status and (asset is None or media.asset == asset) and (media.span is None or not whole) \
                and media.stream_id is None:
            return media
    raise LookupError(status)


def _segments(sandbox, playback_id: str) -> int:
    master = httpx.get(f"{sandbox.stream_base}/{playback_id}.m3u8", timeout=10).raise_for_status().text
    child = next(line for line in master.splitlines() if line and not line.startswith("#"))
    text = httpx.get(f"{sandbox.stream_base}/{child}", timeout=10).raise_for_status().text
    return sum(1 for line in text.splitlines() if line and not line.startswith("#"))


def test_clip_prints_the_new_media_id_and_fastpix_makes_that_clip(cli, sandbox, sandbox_env):
    source = _seed(sandbox, asset="multires")
    result = cli("clip", source.id, "--start", "2", "--end", "6", "--title", "The answer")
    assert result.code == 0 and result.err == ""
    clip_id = result.out.strip()
    media = _api(sandbox, "GET", f"on-demand/{clip_id}").json()["data"]
    assert media["sourceMediaId"] == source.id and media["title"] == "The answer"
    assert media["status"] == "Created" and media["playbackIds"][0]["accessPolicy"] == "public"
    assert _writes(sandbox) == [{"method": "POST", "path": "/on-demand", "query": ""}]
    clips = _api(sandbox, "GET", f"on-demand/{source.id}/media-clips").json()["data"]
    assert clip_id in [c["id"] for c in clips]


def test_clip_wait_follows_it_to_ready_with_progress_and_it_plays_the_range(cli, sandbox, sandbox_env):
    source = _seed(sandbox, asset="multires")
    _delay(sandbox, 1.0)
    result = cli("clip", source.id, "--start", "0:02", "--end", "4", "--wait", "--private")
    assert result.code == 0
    clip_id = result.out.strip()
    progress = result.err.splitlines()
    assert progress[0].startswith(f"Clip {clip_id}: Created") and progress[-1].startswith(f"Clip {clip_id}: Ready")
    media = _api(sandbox, "GET", f"on-demand/{clip_id}").json()["data"]
    assert media["status"] == "Ready" and media["duration"] == 2.0
    assert media["playbackIds"][0]["accessPolicy"] == "private"
    # Public playback of the same range: one 2-second segment of the 8-second source.
    public = cli("playback-ids", clip_id, "add")
    assert public.code == 0 and _segments(sandbox, public.out.strip()) == 1


def test_a_clip_of_a_recording_is_made_and_found_under_it_in_both_forms(cli, sandbox, sandbox_env,
                                                                         recording_clip_mode):
    stream = next(s for s in sandbox.workspace.page_streams(50, 1).items if s.media_ids)
    recording = next(m for m in stream.media_ids if sandbox.workspace.media(m).status == "Ready")
    _delay(sandbox, 0.3)
    result = cli("clip", recording, "--start", "0", "--end", "2", "--wait")
    assert result.code == 0 and result.err.splitlines()[-1].startswith(f"Clip {result.out.strip()}: Ready")
    clip_id = result.out.strip()
    media = _api(sandbox, "GET", f"on-demand/{clip_id}").json()["data"]
    assert media["sourceMediaId"] == recording and media.get("streamId") == (
        stream.id if recording_clip_mode == "live" else None)
    clips = _api(sandbox, "GET", f"on-demand/{recording}/media-clips").json()["data"]
    assert clip_id in [c["id"] for c in clips]


def test_clip_json_prints_fastpixs_answer(cli, sandbox, sandbox_env):
    source = _seed(sandbox, asset="multires")
    result = cli("clip", source.id, "--start", "1", "--end", "3", "--json")
    answer = json.loads(result.out)
    assert result.code == 0 and answer["status"] == "Created"
    assert answer["inputs"][0] == {"type": "video", "url": f"fp_mediaId://{source.id}", "startTime": 1, "endTime": 3}
    assert _api(sandbox, "GET", f"on-demand/{answer['id']}").json()["data"]["sourceMediaId"] == source.id


def test_clip_times_go_to_the_tenth_and_the_user_is_told(cli, sandbox, sandbox_env):
    source = _seed(sandbox, asset="multires")
    result = cli("clip", source.id, "--start", "1.04", "--end", "2.51", "--json")
    assert result.code == 0
    assert json.loads(result.out)["inputs"][0]["startTime"] == 1 and json.loads(result.out)["inputs"][0]["endTime"] == 2.6
    assert "the clip covers 1 s to 2.6 s (1.6 s)" in result.err


@pytest.mark.parametrize(("args", "says"), [
    (("--start", "6", "--end", "2"), "The start (6 s) must be before the end (2 s)."),
    (("--start", "3", "--end", "3"), "The start (3 s) must be before the end (3 s)."),
    (("--start", "2", "--end", "60"), "The range ends at 60 s, past the end of the media (it lasts 8 s)."),
    (("--start", "9", "--end", "12"), "The start (9 s) is past the end of the media (it lasts 8 s)."),
    (("--start", "two", "--end", "4"), "argument --start: “two” is not a time"),
    (("--start", "-1", "--end", "4"), "argument --start: “-1” is not a time"),
    (("--end", "4"), "the following arguments are required: --start"),
])
def test_bad_clip_ranges_are_refused_and_nothing_is_sent(cli, sandbox, sandbox_env, args, says):
    source = _seed(sandbox, asset="multires")
    result = cli("clip", source.id, *args)
    assert result.code == 2 and result.out == ""
    assert says in result.error_line
    assert _writes(sandbox) == []


@pytest.mark.parametrize("status", ["Processing", "Failed"])
def test_a_clip_of_a_media_that_is_not_ready_is_refused_and_nothing_is_sent(cli, sandbox, sandbox_env, status):
    source = _seed(sandbox, status=status)
    result = cli("clip", source.id, "--start", "0", "--end", "1")
    assert result.code == 2 and result.out == ""
    assert f"The media is not ready (status {status})" in result.error_line
    assert _writes(sandbox) == []


def test_a_live_stream_given_for_a_clip_or_mp4_is_refused_and_nothing_is_sent(cli, sandbox, sandbox_env):
    stream = next(s for s in sandbox.workspace.page_streams(50, 1).items if s.media_ids)
    clip = cli("clip", stream.id, "--start", "0", "--end", "1")
    assert clip.code == 2 and "That is a live stream; clips are cut from a media" in clip.error_line
    mp4 = cli("mp4", stream.id, "on")
    assert mp4.code == 2 and "That is a live stream" in mp4.error_line
    assert _writes(sandbox) == []


def test_clip_of_an_unknown_media_exits_4(cli, sandbox, sandbox_env):
    result = cli("clip", "3f0c8a51-7c4e-4e7b-9a43-1c2d3e4f5a6b", "--start", "0", "--end", "1")
    assert result.code == 4 and _writes(sandbox) == []


def test_clip_refusal_in_a_child_process_exits_2_with_one_line(cli_process, sandbox, sandbox_env):
    source = _seed(sandbox, asset="multires")
    result = cli_process("clip", source.id, "--start", "5", "--end", "1")
    assert result.code == 2 and result.out == ""
    assert "must be before the end" in result.error_line
    assert _writes(sandbox) == []


@pytest.mark.parametrize(("choice", "renditions"), [
    ("on", [("capped_4k", "preparing")]),
    ("audio", [("audioOnly", "preparing")]),
    ("both", [("capped_4k", "preparing"), ("audioOnly", "preparing")]),
])
def test_mp4_turns_renditions_on_and_they_become_ready(cli, sandbox, sandbox_env, choice, renditions):
    media = _seed(sandbox, asset="multires")
    assert not media.mp4_support
    _delay(sandbox, 1.0)
    result = cli("mp4", media.id, choice)
    assert result.code == 0
    assert result.out.splitlines() == [f"{kind}  {status}" for kind, status in renditions]
    deadline = time.monotonic() + 10
    while "[preparing]" in (shown := cli("show", media.id).out) and time.monotonic() < deadline:
        time.sleep(0.2)
    for kind, _status in renditions:
        assert f"MP4:            {kind} [ready]" in shown


def test_mp4_off_removes_the_renditions_and_json_is_fastpixs_media(cli, sandbox, sandbox_env):
    media = next(m for m in sandbox.workspace.page_media(50, 1).items
                 if m.status == "Ready" and "capped_4k" in m.mp4_support and m.playback_ids)
    result = cli("mp4", media.id, "off", "--json")
    assert result.code == 0
    answer = json.loads(result.out)
    assert answer["id"] == media.id and "mp4Support" not in answer
    assert _writes(sandbox) == [{"method": "PATCH", "path": f"/on-demand/{media.id}/update-mp4Support", "query": ""}]
    assert cli("mp4", media.id, "sideways").code == 2


def test_playback_ids_list_add_and_remove_on_a_media(cli, sandbox, sandbox_env):
    media = _seed(sandbox, asset="multires")
    first = media.playback_ids[0].id
    listing = cli("playback-ids", media.id)
    assert listing.code == 0 and first in listing.out and f"{sandbox.stream_base}/{first}.m3u8" in listing.out
    added = cli("playback-ids", media.id, "add", "--private")
    new = added.out.strip()
    assert added.code == 0 and new != first
    rows = json.loads(cli("playback-ids", media.id, "list", "--json").out)
    assert [(r["id"], r["accessPolicy"]) for r in rows] == [(first, "public"), (new, "private")]
    removed = cli("playback-ids", media.id, "remove", first)
    assert removed.code == 0 and "no longer work" in removed.out
    assert httpx.get(f"{sandbox.stream_base}/{first}.m3u8", timeout=10).status_code == 404
    assert _writes(sandbox)[-1] == {"method": "DELETE", "path": f"/on-demand/{media.id}/playback-ids",
                                     "query": f"playbackId={first}"}


def test_removing_the_last_playback_id_needs_yes(cli, sandbox, sandbox_env):
    stream = next(s for s in sandbox.workspace.page_streams(50, 1).items if len(s.playback_ids) == 1)
    only = stream.playback_ids[0].id
    refused = cli("playback-ids", stream.id, "remove", only)
    assert refused.code == 2 and "only playback ID" in refused.error_line and "--yes" in refused.error_line
    assert _writes(sandbox) == []
    done = cli("playback-ids", stream.id, "remove", only, "--yes")
    assert done.code == 0
    assert cli("playback-ids", stream.id, "--json").out.strip() == "[]"
    assert _writes(sandbox) == [{"method": "DELETE", "path": f"/live/streams/{stream.id}/playback-ids",
                                 "query": f"playbackId={only}"}]


def test_playback_ids_of_a_live_stream_add_one_that_plays(cli, sandbox, sandbox_env):
    stream = next(s for s in sandbox.workspace.page_streams(50, 1).items if s.status == "active")
    added = cli("playback-ids", stream.id, "add")
    assert added.code == 0
    new = added.out.strip()
    assert httpx.get(f"{sandbox.stream_base}/{new}.m3u8", timeout=10).status_code == 200
    assert new in cli("playback-ids", stream.id).out


@pytest.mark.parametrize(("args", "code"), [
    (("remove", "not-a-playback-id"), 2),
    (("remove", "3f0c8a51-7c4e-4e7b-9a43-1c2d3e4f5a6b"), 4),
    (("rename",), 2),
])
def test_bad_playback_id_removals_send_nothing(cli, sandbox, sandbox_env, args, code):
    media = _seed(sandbox, asset="multires")
    result = cli("playback-ids", media.id, *args)
    assert result.code == code and result.error_line
    assert _writes(sandbox) == []
