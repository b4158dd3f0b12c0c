"""The sandbox's clip, MP4-rendition and playback-ID endpoints: the spec's shapes and status
codes, FastPix's refusal bodies, and what the stream host then serves (real HTTP)."""

from __future__ import annotations

import time

import httpx
import pytest
from media_picks import seed_media
from sandbox_helpers import api_client
from sandbox_shapes import shape_problems
from test_conformance import recorded

from tests.fpv_support.waiting import wait_for

CREATE_KEYS = ["id", "trial", "status", "createdAt", "updatedAt", "playbackIds", "metadata", "mediaQuality",
               "sourceAccess", "maxResolution", "inputs", "optimizeAudio"]  # the spec's example, in order


def clip_body(source_id: str, start: int = 2, end: int = 6, **extra) -> dict:
    return {"inputs": [{"type": "video", "url": f"fp_mediaId://{source_id}", "startTime": start, "endTime": end}],
            "accessPolicy": "public", **extra}


def set_delay(server, seconds: float | None) -> None:
    httpx.post(f"{server.control_base}/config", json={"processing_delay": seconds}, timeout=10).raise_for_status()


def wait_status(api, media_id: str, wanted: str, limit: float = 10.0) -> dict:
    deadline = time.monotonic() + limit
    while True:
        media = api.get(f"/on-demand/{media_id}").json()["data"]
        if media["status"] == wanted or time.monotonic() > deadline:
            return media
        time.sleep(0.1)


def segments(server, playback_id: str) -> list[str]:
    """The segment URLs of the first rendition of a playback ID's HLS."""
    master = httpx.get(f"{server.stream_base}/{playback_id}.m3u8", timeout=10)
    assert master.status_code == 200, master.text
    child = next(line for line in master.text.splitlines() if line and not line.startswith("#"))
    child_url = httpx.URL(f"{server.stream_base}/{child}")
    text = httpx.get(child_url, timeout=10).raise_for_status().text
    return [str(child_url.join(line)) for line in text.splitlines() if line and not line.startswith("#")]


def test_a_clip_is_created_then_ready_with_its_source_and_the_cut_hls(sandbox, api):
    source, source_pid = seed_media(sandbox, asset="multires")
    set_delay(sandbox, 0.5)
    created = api.post("/on-demand", json=clip_body(source.id, 2, 6, title="The moment", metadata={"k": "v"}))
    assert created.status_code == 201
    data = created.json()["data"]
    assert list(data) == CREATE_KEYS and data["status"] == "Created"
    assert data["inputs"][0]["url"] == f"fp_mediaId://{source.id}"
    clip_pid = data["playbackIds"][0]["id"]
    # While Created: the stream host says "not ready yet" (400), as for Processing media.
    refused = httpx.get(f"{sandbox.stream_base}/{clip_pid}.m3u8", timeout=10)
    assert refused.status_code == 400 and "not ready" in refused.json()["error"]["message"]
    ready = wait_status(api, data["id"], "Ready")
    assert ready["status"] == "Ready" and ready["sourceMediaId"] == source.id
    assert ready["title"] == "The moment" and ready["metadata"] == {"k": "v"} and ready["duration"] == 4.0
    whole, cut = segments(sandbox, source_pid), segments(sandbox, clip_pid)
    assert len(whole) == 4 and [s.rsplit("/", 1)[-1].split("?")[0] for s in cut] == ["seg001.ts", "seg002.ts"]
    listed = api.get(f"/on-demand/{source.id}/media-clips", params={"limit": 50}).json()["data"]
    assert data["id"] in [c["id"] for c in listed]


def test_a_clip_of_a_clip_cuts_the_original_timeline(sandbox, api):
    set_delay(sandbox, 0)
    teaser = next(m for m in sandbox.workspace.page_media(50, 1).items
                  if m.span is not None and m.status == "Ready" and m.asset == "multilang")
    created = api.post("/on-demand", json=clip_body(teaser.id, 2, 4)).json()["data"]
    clip = wait_status(api, created["id"], "Ready")
    assert clip["sourceMediaId"] == teaser.id and clip["duration"] == 2.0
    assert sandbox.workspace.media(created["id"]).span == (teaser.span[0] + 2, teaser.span[0] + 4)


def test_a_clip_of_a_recording_is_one_of_its_streams_live_clips_or_a_plain_clip(sandbox, api,
                                                                                  recording_clip_mode):
    stream = next(s for s in sandbox.workspace.page_streams(50, 1).items if s.media_ids)
    recording = next(sandbox.workspace.media(m) for m in stream.media_ids
                     if sandbox.workspace.media(m).status == "Ready")
    created = api.post("/on-demand", json=clip_body(recording.id, 0, 2)).json()["data"]
    live = api.get(f"/on-demand/{stream.id}/live-clips", params={"limit": 50}).json()["data"]
    clip = api.get(f"/on-demand/{created['id']}").json()["data"]
    assert clip["sourceMediaId"] == recording.id
    if recording_clip_mode == "live":
        mine = next(c for c in live if c["id"] == created["id"])
        assert mine["streamId"] == stream.id and clip["streamId"] == stream.id
    else:
        assert created["id"] not in [c["id"] for c in live] and "streamId" not in clip
    clips = api.get(f"/on-demand/{recording.id}/media-clips", params={"limit": 50}).json()["data"]
    assert created["id"] in [c["id"] for c in clips]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"accessPolicy": None}, "accessPolicy", "is required"),
    ({"accessPolicy": "secret"}, "accessPolicy", "must be one of [public, private, drm]"),
    ({"inputs": []}, "inputs", "is required"),
    ({"startTime": "1"}, "inputs[0].startTime", "must be a number"),
    ({"startTime": 6, "endTime": 2}, "inputs[0].endTime", "must be greater than startTime"),
    ({"endTime": 99}, "inputs[0].endTime", "must not exceed the media's duration (8 s)"),
    ({"title": "t" * 256}, "title", "must be at most 255 characters"),
    ({"mp4Support": "mp4"}, "mp4Support", "must be one of [capped_4k, audioOnly, audioOnly,capped_4k]"),
])
def test_bad_clip_bodies_are_refused_like_fastpix_with_422_fields(sandbox, api, change, field, message):
    source, _pid = seed_media(sandbox, asset="multires")
    body = clip_body(source.id)
    for key, value in change.items():
        if key in ("startTime", "endTime"):
            body["inputs"][0][key] = value
        elif value is None:
            body.pop(key)
        else:
            body[key] = value
    before = sandbox.workspace.page_media(1, 1).total
    answer = api.post("/on-demand", json=body)
    assert answer.status_code == 422
    assert not shape_problems(recorded("error-422-validation.json"), answer.json())
    assert answer.json()["error"]["fields"] == [{"field": field, "message": message}]
    assert sandbox.workspace.page_media(1, 1).total == before


def test_a_drm_clip_is_refused_exactly_as_recorded(sandbox, api):
    source, _pid = seed_media(sandbox, asset="multires")
    answer = api.post("/on-demand", json=clip_body(source.id, accessPolicy="drm"))
    assert answer.status_code == 422 and answer.json() == recorded("error-422-validation.json")


@pytest.mark.parametrize("status", ["Processing", "Failed"])
def test_a_clip_of_a_media_that_is_not_ready_is_a_400(sandbox, api, status):
    source = next(m for m in sandbox.workspace.page_media(50, 1).items if m.status == status)
    answer = api.post("/on-demand", json=clip_body(source.id, 0, 1))
    assert answer.status_code == 400
    assert not shape_problems(recorded("error-400-complete-live-stream.json"), answer.json())
    assert answer.json()["error"]["message"] == "media is not ready"


def test_a_clip_of_an_unknown_media_or_a_stream_id_is_a_404(sandbox, api):
    stream = sandbox.workspace.page_streams(1, 1).items[0]
    for source in ("3f0c8a51-7c4e-4e7b-9a43-1c2d3e4f5a6b", stream.id):
        answer = api.post("/on-demand", json=clip_body(source))
        assert answer.status_code == 404 and answer.json()["error"]["code"] == 404


def test_mp4_support_renditions_prepare_then_become_ready_and_download(sandbox, api):
    media, pid = seed_media(sandbox, asset="bars")
    assert not media.mp4_support
    set_delay(sandbox, 0.6)
    answer = api.patch(f"/on-demand/{media.id}/update-mp4Support", json={"mp4Support": "capped_4k"})
    assert answer.status_code == 200
    assert [(r["type"], r["status"]) for r in answer.json()["data"]["mp4Support"]] == [("capped_4k", "preparing")]
    early = httpx.get(f"{sandbox.stream_base}/{pid}/capped-4k.mp4", timeout=10)
    assert early.status_code == 400 and "not ready" in early.json()["error"]["message"]
    now = wait_for(lambda: (d := api.get(f"/on-demand/{media.id}").json()["data"])["mp4Support"][0]["status"]
                   != "preparing" and d, what="the MP4 rendition to finish preparing")
    assert [(r["type"], r["status"]) for r in now["mp4Support"]] == [("capped_4k", "ready")]
    download = httpx.get(f"{sandbox.stream_base}/{pid}/capped-4k.mp4", timeout=10)
    assert download.status_code == 200 and download.content[4:8] == b"ftyp"
    off = api.patch(f"/on-demand/{media.id}/update-mp4Support", json={"mp4Support": "none"}).json()["data"]
    assert "mp4Support" not in off
    assert httpx.get(f"{sandbox.stream_base}/{pid}/capped-4k.mp4", timeout=10).status_code == 404


def test_mp4_support_on_the_may_wire_is_one_string(wire_may):
    media, _pid = seed_media(wire_may, asset="bars")
    with api_client(wire_may) as api:
        data = api.patch(f"/on-demand/{media.id}/update-mp4Support",
                         json={"mp4Support": "audioOnly,capped_4k"}).json()["data"]
    assert data["mp4Support"] == "audioOnly,capped_4k"
    assert not shape_problems(recorded("patch-update-mp4Support.json")["data"]["mp4Support"], data["mp4Support"])


@pytest.mark.parametrize(("body", "field"), [({}, "mp4Support"), ({"mp4Support": "4k"}, "mp4Support"),
                                             ([1], "body")])
def test_bad_mp4_support_bodies_are_422(sandbox, api, body, field):
    media, _pid = seed_media(sandbox, asset="bars")
    answer = api.patch(f"/on-demand/{media.id}/update-mp4Support", json=body)
    assert answer.status_code == 422 and answer.json()["error"]["fields"][0]["field"] == field


def test_media_playback_ids_are_created_served_and_deleted_by_query_parameter(sandbox, api):
    media, old_pid = seed_media(sandbox, asset="multires")
    created = api.post(f"/on-demand/{media.id}/playback-ids", json={"accessPolicy": "public"})
    assert created.status_code == 201
    new = created.json()["data"]
    assert not shape_problems(recorded("get-media-playback-id.json"), created.json())
    assert httpx.get(f"{sandbox.stream_base}/{new['id']}.m3u8", timeout=10).status_code == 200
    listed = api.get(f"/on-demand/{media.id}/playback-ids").json()["data"]
    assert [p["id"] for p in listed] == [old_pid, new["id"]]
    deleted = api.delete(f"/on-demand/{media.id}/playback-ids", params={"playbackId": new["id"]})
    assert deleted.status_code == 200 and deleted.json() == {"success": True}
    assert httpx.get(f"{sandbox.stream_base}/{new['id']}.m3u8", timeout=10).status_code == 404
    again = api.delete(f"/on-demand/{media.id}/playback-ids", params={"playbackId": new["id"]})
    assert again.status_code == 404
    missing = api.delete(f"/on-demand/{media.id}/playback-ids")
    assert missing.status_code == 422 and missing.json()["error"]["fields"] == [
        {"field": "playbackId", "message": "is required"}]


def test_a_private_playback_id_needs_a_token_and_drm_is_refused_as_recorded(sandbox, api):
    media, _pid = seed_media(sandbox, asset="multires")
    private = api.post(f"/on-demand/{media.id}/playback-ids", json={"accessPolicy": "private"}).json()["data"]
    assert private["accessPolicy"] == "private"
    assert httpx.get(f"{sandbox.stream_base}/{private['id']}.m3u8", timeout=10).status_code == 401
    drm = api.post(f"/on-demand/{media.id}/playback-ids", json={"accessPolicy": "drm"})
    assert drm.status_code == 422 and drm.json() == recorded("error-422-validation.json")


def test_live_playback_ids_are_created_and_deleted(sandbox, api):
    stream = next(s for s in sandbox.workspace.page_streams(50, 1).items if s.status == "active")
    created = api.post(f"/live/streams/{stream.id}/playback-ids", json={"accessPolicy": "public"})
    assert created.status_code == 201
    assert not shape_problems(recorded("get-live-stream-playback-id.json"), created.json())
    new = created.json()["data"]["id"]
    assert httpx.get(f"{sandbox.stream_base}/{new}.m3u8", timeout=10).status_code == 200
    assert new in [p["id"] for p in api.get(f"/live/streams/{stream.id}").json()["data"]["playbackIds"]]
    assert api.delete(f"/live/streams/{stream.id}/playback-ids", params={"playbackId": new}).json() == {"success": True}
    assert httpx.get(f"{sandbox.stream_base}/{new}.m3u8", timeout=10).status_code == 404
    assert api.post(f"/live/streams/{stream.id}/playback-ids", json={"accessPolicy": "drm"}).status_code == 422


def test_the_request_log_records_api_requests_and_is_cleared_by_reset(sandbox, api):
    media, _pid = seed_media(sandbox, asset="multires")
    api.get(f"/on-demand/{media.id}")
    api.post(f"/on-demand/{media.id}/playback-ids", json={"accessPolicy": "public"})
    log = httpx.get(f"{sandbox.control_base}/requests", timeout=10).json()
    assert log[-2:] == [{"method": "GET", "path": f"/on-demand/{media.id}", "query": ""},
                        {"method": "POST", "path": f"/on-demand/{media.id}/playback-ids", "query": ""}]
    sandbox.reset()
    assert httpx.get(f"{sandbox.control_base}/requests", timeout=10).json() == []


def test_a_clip_of_a_finished_broadcast_plays_its_part_of_the_recording(sandbox, api):
    stream = next(s for s in sandbox.workspace.page_streams(50, 1).items if s.status == "idle")
    control = sandbox.control_base
    httpx.post(f"{control}/broadcasts", json={"stream_id": stream.id, "preparing_seconds": 0},
               timeout=10).raise_for_status()
    set_delay(sandbox, 0)
    ended = httpx.delete(f"{control}/broadcasts/{stream.id}", timeout=10).raise_for_status().json()
    recording = wait_status(api, ended["media_id"], "Ready")
    assert recording["duration"] >= 6.0  # at least the three segments produced before going active
    created = api.post("/on-demand", json=clip_body(recording["id"], 2, 4)).json()["data"]
    clip = wait_status(api, created["id"], "Ready")
    assert clip["duration"] == 2.0 and clip["streamId"] == stream.id
    cut = segments(sandbox, created["playbackIds"][0]["id"])
    assert [s.split("?")[0].rsplit("/", 2)[-2:] for s in cut] == [["live", "1.ts"]]
    segment = httpx.get(cut[0], timeout=10)
    assert segment.status_code == 200 and segment.content[:1] == b"\x47"  # an MPEG-TS packet
