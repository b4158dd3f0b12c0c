"""Clip, MP4-rendition and playback-ID client methods: against the sandbox over real HTTP, and
on a mock transport only for faults and response drift the sandbox does not serve."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from fpv_api_helpers import FIXTURES

from fastpix_viewer.api.clips import ClipNotReady, clip_range
from fastpix_viewer.api.errors import (
    InputError,
    InvalidIdError,
    NotFoundError,
    ProtocolError,
    ServerError,
    ValidationError,
)
from fastpix_viewer.api.models import Media, MediaState, parse_media

SOURCE_ID = "66b74bdb-c868-4fc8-bc16-ad8e2dfcbc36"
READY_SOURCE = {"success": True, "data": {"id": SOURCE_ID, "status": "Ready", "duration": "00:03:03"}}


def _writes(sandbox) -> list[dict]:
    return [e for e in httpx.get(f"{sandbox.control_base}/requests", timeout=10).json() if e["method"] != "GET"]


def _ready_media(sandbox, asset: str = "multires"):
    return next(m for m in sandbox.workspace.page_media(50, 1).items
                if m.status == "Ready" and m.asset == asset and m.span is None and m.stream_id is None)


# --- against the sandbox ---------------------------------------------------------------------


def test_create_clip_then_follow_it_to_ready_and_find_it_under_its_source(client, sandbox, recording_clip_mode):
    source = _ready_media(sandbox)
    httpx.post(f"{sandbox.control_base}/config", json={"processing_delay": 0.3}, timeout=10)
    clip = client.create_clip(source.id, 2, 6, title="Highlight", access_policy="private", mp4_support="capped_4k")
    assert clip.source_id == source.id and (clip.range.start, clip.range.end) == (2, 6)
    assert clip.media.status == "Created" and clip.media.state is MediaState.PROCESSING
    assert clip.raw["inputs"][0]["url"] == f"fp_mediaId://{source.id}"
    seen: list[str] = []
    ready = client.wait_until_ready(clip.media.id, interval=0.1, timeout=10, on_update=lambda m: seen.append(m.status))
    assert ready.is_ready and ready.is_clip and ready.source_media_id == source.id and ready.duration == 4.0
    assert seen[0] == "Created" and seen[-1] == "Ready"
    assert ready.title == "Highlight" and ready.playback_ids[0].access_policy == "private"
    assert [r.type for r in ready.mp4_renditions] == ["capped_4k"]
    clips = [m for m in client.all_media_clips(source.id) if isinstance(m, Media)]
    assert clip.media.id in [m.id for m in clips]


def test_a_clip_of_a_recording_is_under_its_source_and_maybe_among_its_streams_live_clips(
        client, sandbox, recording_clip_mode):
    stream = next(s for s in sandbox.workspace.page_streams(50, 1).items if s.media_ids)
    recording = next(client.get_media(m) for m in stream.media_ids if sandbox.workspace.media(m).status == "Ready")
    clip = client.create_clip(recording, 0, 2)
    live = [m for m in client.all_live_clips(stream.id) if isinstance(m, Media)]
    assert (clip.media.id in [m.id for m in live]) == (recording_clip_mode == "live")
    assert all(m.stream_id == stream.id for m in live)
    under_source = [m for m in client.all_media_clips(recording.id) if isinstance(m, Media)]
    assert clip.media.id in [m.id for m in under_source]
    assert client.get_media(clip.media.id).source_media_id == recording.id


def test_clip_refusals_send_nothing(client, sandbox):
    stream = client.get_stream(sandbox.workspace.page_streams(1, 1).items[0].id)
    source = client.get_media(_ready_media(sandbox).id)
    processing = client.get_media(next(m.id for m in sandbox.workspace.page_media(50, 1).items
                                       if m.status == "Processing"))
    for call, says in [
        (lambda: client.create_clip(stream, 0, 1), "That is a live stream"),
        (lambda: client.create_clip(processing, 0, 1), "not ready (status Processing)"),
        (lambda: client.create_clip(source, 4, 4), "must be before the end"),
        (lambda: client.create_clip(source, 1, 8.5), "past the end of the media"),
        (lambda: client.create_clip(source, 1, 2, access_policy="drm"), "public or private"),
        (lambda: client.create_clip(source, 1, 2, title=""), "title must not be empty"),
        (lambda: client.create_clip(source, 1, 2, mp4_support="4k"), "MP4 support is one of"),
        (lambda: client.create_clip(source, float("nan"), 2), "must be a number"),
    ]:
        with pytest.raises(InputError, match=re.escape(says)):
            call()
    with pytest.raises(InvalidIdError):
        client.create_clip("../on-demand", 0, 1)
    assert _writes(sandbox) == []


@pytest.mark.parametrize(("start", "end", "duration", "sent"), [
    (2, 6, 8.0, (2, 6)),
    (2.04, 5.51, 8.0, (2, 5.6)),
    (2.3, 2.4, 8.0, (2.3, 2.4)),
    (0, 8.0, 8.0, (0, 8)),
    (7.5, 10.03, 10.005, (7.5, 10)),  # ends "at the end": never sent past it
    (0, 99, None, (0, 99)),  # duration unknown: FastPix decides
])
def test_clip_ranges_are_sent_to_the_tenth_outward(start, end, duration, sent):
    source = parse_media({"id": SOURCE_ID, "status": "Ready", "duration": duration})
    span = clip_range(source, start, end)
    assert (span.start, span.end) == sent
    # Whole seconds go out as JSON integers (valid for the integer-typed spec as well).
    assert [type(v) for v in (span.start, span.end)] == [type(v) for v in sent]


def test_update_mp4_support_takes_words_and_fastpix_values(client, sandbox):
    media = _ready_media(sandbox)
    httpx.post(f"{sandbox.control_base}/config", json={"processing_delay": 60}, timeout=10)
    updated = client.update_mp4_support(media.id, "both")
    assert sorted((r.type, r.status) for r in updated.mp4_renditions) == [
        ("audioOnly", "preparing"), ("capped_4k", "preparing")]
    assert client.update_mp4_support(media.id, "none").mp4_renditions == ()
    assert [r.type for r in client.update_mp4_support(media.id, "audioOnly").mp4_renditions] == ["audioOnly"]
    with pytest.raises(InputError, match="on, off, audio or both"):
        client.update_mp4_support(media.id, "4k")
    assert len(_writes(sandbox)) == 3


def test_playback_ids_add_list_and_remove_with_the_last_one_guarded(client, sandbox):
    media = client.get_media(_ready_media(sandbox).id)
    first = media.playback_ids[0].id
    added = client.add_playback_id(media, private=True)
    assert added.access_policy == "private"
    assert [p.id for p in client.playback_ids_of(media)] == [first, added.id]
    client.remove_playback_id(media, first)
    with pytest.raises(InputError, match="only playback ID"):
        client.remove_playback_id(media, added.id)
    with pytest.raises(NotFoundError):
        client.remove_playback_id(media, first)
    with pytest.raises(InvalidIdError):
        client.remove_playback_id(media, "x&playbackId=y")
    writes = len(_writes(sandbox))
    client.remove_playback_id(media, added.id, confirm_last=True)
    assert client.playback_ids_of(media) == [] and len(_writes(sandbox)) == writes + 1


def test_live_stream_playback_ids(client, sandbox):
    stream = client.get_stream(sandbox.workspace.page_streams(1, 1).items[0].id)
    before = [p.id for p in client.playback_ids_of(stream)]
    added = client.add_playback_id(stream)
    assert added.access_policy == "public"
    assert [p.id for p in client.playback_ids_of(stream)] == [*before, added.id]
    client.remove_playback_id(stream, added.id)
    assert [p.id for p in client.playback_ids_of(stream)] == before


# --- faults and drift (mock transport) -------------------------------------------------------


def _handler(routes: dict[tuple[str, str], list[httpx.Response]], seen: list[httpx.Request]):
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answers = routes[(request.method, request.url.path)]
        return answers.pop(0) if len(answers) > 1 else answers[0]
    return handle


def test_a_clip_post_is_never_retried(mock_client):
    seen: list[httpx.Request] = []
    client = mock_client(_handler({
        ("GET", f"/v1/on-demand/{SOURCE_ID}"): [httpx.Response(200, json=READY_SOURCE)],
        ("POST", "/v1/on-demand"): [httpx.Response(503, json={"success": False, "error": {"code": 503}})],
    }, seen))
    with pytest.raises(ServerError):
        client.create_clip(SOURCE_ID, 10, 20)
    assert [r.method for r in seen] == ["GET", "POST"]
    assert json.loads(seen[1].content)["inputs"][0] == {
        "type": "video", "url": f"fp_mediaId://{SOURCE_ID}", "startTime": 10, "endTime": 20}


def test_fastpixs_422_on_a_clip_names_the_field(mock_client):
    refused = {"success": False, "error": {"code": 422, "message": "payload validation failed",
                                           "fields": [{"field": "inputs[0].endTime", "message": "is invalid"}]}}
    client = mock_client(_handler({
        ("GET", f"/v1/on-demand/{SOURCE_ID}"): [httpx.Response(200, json=READY_SOURCE)],
        ("POST", "/v1/on-demand"): [httpx.Response(422, json=refused)]}, []))
    with pytest.raises(ValidationError, match=r"inputs\[0\].endTime is invalid"):
        client.create_clip(SOURCE_ID, 1, 2)


def test_a_create_answer_without_data_is_a_protocol_error(mock_client):
    client = mock_client(_handler({
        ("GET", f"/v1/on-demand/{SOURCE_ID}"): [httpx.Response(200, json=READY_SOURCE)],
        ("POST", "/v1/on-demand"): [httpx.Response(201, json={"success": True})]}, []))
    with pytest.raises(ProtocolError):
        client.create_clip(SOURCE_ID, 1, 2)


def test_slim_media_clip_items_of_the_spec_are_read(mock_client):
    item = {"id": "b62427ec-07fd-4a89-b3c0-94909aaaa1da", "duration": "00:00:13", "status": "Ready",
            "thumbnail": "https://images.fastpix.com/x/thumbnail.png", "createdAt": "2025-03-12T06:17:26.403017Z",
            "playbackIds": [{"id": "66dc7b0b-9dfb-4721-a738-837f89ccbd0a", "accessPolicy": "public"}]}
    page = {"success": True, "data": [item, "junk"], "pagination": {"totalRecords": 2, "currentOffset": 1,
                                                                    "offsetCount": 1}}
    client = mock_client(_handler({("GET", f"/v1/on-demand/{SOURCE_ID}/media-clips"): [
        httpx.Response(200, json=page)]}, []))
    clips = client.all_media_clips(SOURCE_ID)
    assert clips[0].duration == 13 and clips[0].is_ready and clips[0].playback_ids[0].access_policy == "public"
    assert clips[0].display_title == item["id"]  # no title in this form
    assert not isinstance(clips[1], Media)  # the broken item is kept as unreadable, the page survives


def test_update_mp4_support_reads_the_recorded_string_form_and_a_bare_success(mock_client):
    recorded = json.loads((FIXTURES / "patch-update-mp4Support.json").read_text(encoding="utf-8"))
    media_id = recorded["data"]["id"]
    seen: list[httpx.Request] = []
    client = mock_client(_handler({
        ("PATCH", f"/v1/on-demand/{media_id}/update-mp4Support"): [
            httpx.Response(200, json=recorded), httpx.Response(200, json={"success": True})],
        ("GET", f"/v1/on-demand/{media_id}"): [httpx.Response(200, json=recorded)],
    }, seen))
    first = client.update_mp4_support(media_id, "on")
    assert [(r.type, r.status) for r in first.mp4_renditions] == [("capped_4k", None)]
    assert json.loads(seen[0].content) == {"mp4Support": "capped_4k"}
    second = client.update_mp4_support(media_id, "on")  # {"success": true} only: read back
    assert second.id == media_id and [r.method for r in seen] == ["PATCH", "PATCH", "GET"]


def test_waiting_for_a_clip_is_bounded_and_a_failed_clip_says_so(mock_client, fake_time):
    created = {"success": True, "data": {"id": SOURCE_ID, "status": "Created"}}
    client = mock_client(_handler({("GET", f"/v1/on-demand/{SOURCE_ID}"): [httpx.Response(200, json=created)]}, []))
    with pytest.raises(ClipNotReady, match=r"still not ready after 30 s \(status Created\)"):
        client.wait_until_ready(SOURCE_ID, timeout=30, interval=5, clock=fake_time.clock)
    assert fake_time.sleeps == [5.0] * 6
    failed = {"success": True, "data": {"id": SOURCE_ID, "status": "failed"}}
    client = mock_client(_handler({("GET", f"/v1/on-demand/{SOURCE_ID}"): [httpx.Response(200, json=failed)]}, []))
    with pytest.raises(ClipNotReady, match="status Failed"):
        client.wait_until_ready(SOURCE_ID, timeout=30, clock=fake_time.clock)
