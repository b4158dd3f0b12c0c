"""The sandbox's switches for what FastPix does not document (shared notes §10), over HTTP."""

from __future__ import annotations

from urllib.parse import urljoin

import httpx
import pytest
from media_picks import seed_media
from sandbox_helpers import all_pages, api_client, sign

from fastpix_viewer.sandbox.seed import DOCS_RECORDING


def configure(server, **body) -> httpx.Response:
    return httpx.post(f"{server.control_base}/config", json=body, timeout=10)


def test_unknown_modes_and_values_are_refused_and_reset_restores_them(sandbox):
    assert configure(sandbox, modes={"metadata_patch": "sometimes"}).status_code == 400
    assert configure(sandbox, modes={"no_such": "x"}).status_code == 400
    assert configure(sandbox, modes={"metadata_patch": "merge"}).json()["modes"]["metadata_patch"] == "merge"
    httpx.post(f"{sandbox.control_base}/reset", timeout=10).raise_for_status()
    assert httpx.get(f"{sandbox.control_base}/state", timeout=10).json()["modes"]["metadata_patch"] == "replace"


@pytest.mark.parametrize("mode", ["seed", "always", "never"])
def test_recordings_with_and_without_stream_id(sandbox, mode):
    configure(sandbox, modes={"recording_stream_id": mode}).raise_for_status()
    with api_client(sandbox) as api:
        streams = all_pages(api, "/live/streams")
        by_id = {m["id"]: m for m in all_pages(api, "/on-demand")}
    recordings = [by_id[i] for s in streams for i in s.get("mediaIds", []) if i in by_id]
    carrying = [m for m in recordings if "streamId" in m]
    docs = by_id[DOCS_RECORDING["id"]]
    assert "streamId" not in docs  # served as printed in every mode
    if mode == "always":
        assert len(carrying) == len(recordings) - 1
    elif mode == "never":
        assert carrying == []
    else:
        assert 0 < len(carrying) < len(recordings)


@pytest.mark.parametrize("mode", ["replace", "merge"])
def test_patch_metadata_replaces_or_merges(sandbox, mode):
    configure(sandbox, modes={"metadata_patch": mode}).raise_for_status()
    with api_client(sandbox) as api:
        media = next(m for m in all_pages(api, "/on-demand") if len(m["metadata"]) >= 2)
        first, second = list(media["metadata"])[:2]
        answer = api.patch(f"/on-demand/{media['id']}", json={"metadata": {first: "new"}}).json()["data"]
    expected = {first: "new"} if mode == "replace" else {**media["metadata"], first: "new"}
    assert answer["metadata"] == expected and (second in answer["metadata"]) == (mode == "merge")


@pytest.mark.parametrize("mode", ["every", "master"])
def test_token_expiry_checked_on_every_request_or_the_master_only(sandbox, mode):
    configure(sandbox, modes={"token_exp": mode}).raise_for_status()
    _media, pid = seed_media(sandbox, asset="bars", policy="private")
    fresh = sign(sandbox, pid, exp_in=60)
    master = httpx.get(f"{sandbox.stream_base}/{pid}.m3u8", params={"token": fresh}, timeout=10)
    child = next(line for line in master.text.splitlines() if line and not line.startswith("#"))
    child_url = urljoin(str(master.url), child.split("?")[0])
    # An hour later for the stream host: the token has expired.
    configure(sandbox, clock_offset=3600).raise_for_status()
    assert httpx.get(f"{sandbox.stream_base}/{pid}.m3u8", params={"token": fresh}, timeout=10).status_code == 401
    later = httpx.get(child_url, params={"token": fresh}, timeout=10)
    assert later.status_code == (401 if mode == "every" else 200)


def test_statuses_outside_the_enum_play_only_when_their_manifest_is_ready(sandbox):
    with api_client(sandbox) as api:
        media = all_pages(api, "/on-demand")
    by_status = {m["status"]: m for m in media}
    for status, code in (("Transcoding", 200), ("ready", 200), ("Queued", 400)):
        pid = by_status[status]["playbackIds"][0]["id"]
        assert httpx.get(f"{sandbox.stream_base}/{pid}.m3u8", timeout=10).status_code == code, status


def test_rate_limit_without_retry_after_and_empty_error_bodies(sandbox):
    httpx.post(f"{sandbox.control_base}/faults", json={"spec": "api:ratelimit", "seed": 0}, timeout=10)
    with api_client(sandbox) as api:
        limited = api.get("/on-demand")
        assert limited.status_code == 429 and "retry-after" not in limited.headers
        httpx.post(f"{sandbox.control_base}/faults", json={"spec": "api:empty=503", "seed": 0}, timeout=10)
        empty = api.get("/on-demand")
    assert empty.status_code == 503 and empty.content == b""


@pytest.mark.parametrize("mode", ["clips", "with_recordings"])
def test_live_clips_list_a_streams_recordings_too_or_not(sandbox, mode):
    configure(sandbox, modes={"live_clips": mode}).raise_for_status()
    with api_client(sandbox) as api:
        stream = next(s for s in all_pages(api, "/live/streams") if s.get("mediaIds"))
        listed = [m["id"] for m in api.get(f"/on-demand/{stream['streamId']}/live-clips",
                                            params={"limit": 50}).json()["data"]]
    recordings = set(stream["mediaIds"])
    assert bool(set(listed) & recordings) == (mode == "with_recordings")
    if mode == "with_recordings":
        assert recordings <= set(listed)
