"""The sandbox's JSON has the keys, JSON types and key order of real FastPix responses.

References are the recorded responses in ``tests/fixtures/observed/`` (May 2026), completed only with
keys the spec documents but the recordings happen not to show (``mediaIds``,
``sourceMediaId``, ``streamId``, a subtitle track); on wire 2026-09 only ``duration``
(float seconds) and ``mp4Support`` (a list of renditions) differ.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from sandbox_helpers import all_pages, api_client
from sandbox_shapes import shape_problems

from fastpix_viewer.sandbox.seed import DOCS_RECORDING

RECORDED = Path(__file__).resolve().parent.parent / "fixtures" / "observed"  # shared with tests/api
STREAM_OPTIONAL = frozenset({"metadata", "simulcastResponses", "mediaIds"})
# Omitted when not applicable: clip/recording links, creator, title (absent in the recorded
# list item), MP4 renditions, aspect ratio (audio-only media have no picture).
MEDIA_OPTIONAL = frozenset({"sourceMediaId", "streamId", "creatorId", "title", "mp4Support", "aspectRatio"})
# AI results (spec GetMediaResponse: summary, chapters, namedEntities, moderation), present
# once requested; the recorded media never requested any.
MEDIA_OPTIONAL |= frozenset({"summary", "chapters", "namedEntities", "moderation"})
AI_REFERENCE = {
    "summary": {"status": "ready", "data": "text"},
    "chapters": {"status": "ready", "data": [{"chapter": 1, "startTime": 0.0, "endTime": 4.0, "title": "t"}]},
    "namedEntities": {"status": "ready", "data": [{"entity": "e", "type": "t"}]},
    "moderation": {"status": "ready", "data": {"type": "av", "nsfw": 0.0, "profanity": 0.0}},
}


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def insert_after(obj: dict, after: str, key: str, value: object) -> dict:
    out: dict = {}
    for k, v in obj.items():
        out[k] = v
        if k == after:
            out[key] = value
    return out


def stream_reference() -> dict:
    stream = recorded("get-live-stream-by-id.json")["data"]
    # The spec's example places mediaIds (UUIDs) between simulcastResponses and srtPlaybackResponse.
    return insert_after(stream, "simulcastResponses", "mediaIds", ["03cdf35d-8626-4b5f-bd14-d2212cd2a991"])


def media_reference(source: dict, wire: str) -> dict:
    media = copy.deepcopy(source)
    patched = recorded("patch-update-mp4Support.json")["data"]
    media = insert_after(media, "id", "sourceMediaId", "66b74bdb-c868-4fc8-bc16-ad8e2dfcbc36")
    media = insert_after(media, "workspaceId", "streamId", "04f2ff997551bfeb99db3e099e8e85c8")
    media = insert_after(media, "mediaQuality", "creatorId", patched["creatorId"])
    if "title" not in media:
        media = insert_after(media, "creatorId", "title", "t")
    media = insert_after(media, "status", "mp4Support", patched["mp4Support"])
    subtitle = next(t for t in patched["tracks"] if t["type"] == "subtitle")
    media["tracks"] = [*media["tracks"], subtitle]
    after = "generatedSubtitles"
    for key, value in AI_REFERENCE.items():
        media = insert_after(media, after, key, value)
        after = key
    for rule in media["playbackIds"][0]["accessRestrictions"].values():
        rule["allow"], rule["deny"] = ["example.com"], ["example.net"]
    if wire == "2026-09":
        media["duration"] = 10.0
        media["mp4Support"] = [
            {"type": "capped_4k", "status": "ready", "width": 1920, "height": 1080, "ext": "mp4"},
            {"type": "audioOnly", "status": "ready", "ext": "m4a"},
        ]
    return media


def envelope(reference_file: str, data: object) -> dict:
    body = recorded(reference_file)
    body["data"] = data
    return body


@pytest.fixture(params=["2026-09", "2026-05"])
def server(request, sandbox, wire_may):
    return sandbox if request.param == "2026-09" else wire_may


def assert_conforms(reference: object, actual: object, optional: frozenset[str] = frozenset()) -> None:
    problems = shape_problems(reference, actual, optional)
    assert not problems, "\n".join(problems)


def test_streams_match_the_recorded_stream(server):
    ref = stream_reference()
    with api_client(server) as api:
        listed = api.get("/live/streams", params={"limit": 5})
        assert listed.headers["content-type"] == "application/json;charset=UTF-8"
        assert_conforms(envelope("get-all-streams_limit5.json", [ref]), listed.json(), STREAM_OPTIONAL)
        streams = all_pages(api, "/live/streams")
        assert {s["status"] for s in streams} == {"idle", "preparing", "active", "disabled"}
        for item in streams:
            assert_conforms(ref, item, STREAM_OPTIONAL)
            got = api.get(f"/live/streams/{item['streamId']}").json()
            assert_conforms(envelope("get-live-stream-by-id.json", ref), got, STREAM_OPTIONAL)
            assert got["data"] == item
            for playback in got["data"]["playbackIds"]:
                one = api.get(f"/live/streams/{item['streamId']}/playback-ids/{playback['id']}").json()
                assert_conforms(recorded("get-live-stream-playback-id.json"), one)
        # Optional keys are omitted, never null or empty, exactly like FastPix.
        assert any("metadata" not in s for s in streams) and any("mediaIds" in s for s in streams)
        assert all(s.get("mediaIds", [1]) and s.get("metadata", {1: 1}) for s in streams)


def test_media_match_the_recorded_media(server):
    wire = server.state.wire
    list_ref = media_reference(recorded("list-media_limit1.json")["data"][0], wire)
    get_ref = media_reference(recorded("get-media.json")["data"], wire)
    with api_client(server) as api:
        first = api.get("/on-demand", params={"limit": 1}).json()
        assert_conforms(envelope("list-media_limit1.json", [list_ref]), first, MEDIA_OPTIONAL)
        media = all_pages(api, "/on-demand")
        assert len(media) >= 25
        # FastPix's docs example is served as printed (its own shape: no mediaQuality, a
        # "HH:MM:SS" duration, a media-level frameRate), so it is not held to the recordings.
        media = [m for m in media if m["id"] != DOCS_RECORDING["id"]]
        for item in media:
            assert_conforms(list_ref, item, MEDIA_OPTIONAL)
            got = api.get(f"/on-demand/{item['id']}").json()
            assert_conforms(envelope("get-media.json", get_ref), got, MEDIA_OPTIONAL)
            ids = api.get(f"/on-demand/{item['id']}/playback-ids").json()
            assert_conforms(recorded("list-playback-ids.json"), ids)
            for playback in item["playbackIds"]:
                one = api.get(f"/on-demand/{item['id']}/playback-ids/{playback['id']}").json()
                assert_conforms(recorded("get-media-playback-id.json"), one)
    if wire == "2026-05":
        assert all(re.fullmatch(r"\d\d:\d\d:\d\d", m["duration"]) for m in media)
        assert {"capped_4k", "audioOnly", "audioOnly,capped_4k"} >= {m["mp4Support"] for m in media if "mp4Support" in m}
        assert {"available", "Ready"} <= {t["status"] for m in media for t in m["tracks"]}
    else:
        assert all(isinstance(m["duration"], float) for m in media)
        assert all(isinstance(m["mp4Support"], list) for m in media if "mp4Support" in m)


def test_clip_lists_match_the_recorded_list(server):
    ref = media_reference(recorded("list-media_limit1.json")["data"][0], server.state.wire)
    with api_client(server) as api:
        streams = all_pages(api, "/live/streams")
        media = all_pages(api, "/on-demand")
        clip_lists = 0
        for stream in streams:
            body = api.get(f"/on-demand/{stream['streamId']}/live-clips").json()
            if not body["data"]:
                assert body == recorded("list-live-clips.json")  # exactly, values included
            for item in body["data"]:
                clip_lists += 1
                assert_conforms(ref, item, MEDIA_OPTIONAL)
                # Live clips carry streamId; sourceMediaId only when cut from a recording.
                assert item["streamId"] == stream["streamId"]
                assert item["id"] not in stream.get("mediaIds", [])
        for item in media:
            if item["id"] == DOCS_RECORDING["id"]:
                continue
            body = api.get(f"/on-demand/{item['id']}/media-clips").json()
            assert_conforms(envelope("list-live-clips.json", [ref] if body["data"] else []), body, MEDIA_OPTIONAL)
            assert all(c["sourceMediaId"] == item["id"] for c in body["data"])
            clip_lists += len(body["data"])
        assert clip_lists >= 5


def test_error_bodies_match_the_recorded_errors(server):
    with api_client(server) as api:
        idle = next(s for s in all_pages(api, "/live/streams") if s["status"] == "idle")
        finish = api.put(f"/live/streams/{idle['streamId']}/finish")
        assert finish.status_code == 400
        assert finish.json() == recorded("error-400-complete-live-stream.json")
        bad_limit = api.get("/on-demand", params={"limit": 0})
        assert bad_limit.status_code == 422
        assert_conforms(recorded("error-422-validation.json"), bad_limit.json())
        assert bad_limit.json()["error"]["fields"][0]["field"] == "limit"
        missing = api.get("/on-demand/7b4c9a1e-0000-4000-8000-000000000000")
        assert missing.status_code == 404
        assert_conforms(recorded("error-400-complete-live-stream.json"), missing.json())
    anonymous = api_client(server)
    anonymous.auth = ("wrong", "credentials")
    with anonymous:
        denied = anonymous.get("/live/streams")
    assert denied.status_code == 401
    assert denied.headers["content-type"] == "application/json;charset=UTF-8"
    assert_conforms(recorded("error-400-complete-live-stream.json"), denied.json())


@pytest.mark.parametrize("mutate", [
    pytest.param(lambda m: m.pop("status"), id="missing-key"),
    pytest.param(lambda m: m.update(isAudioOnly="false"), id="type-changed"),
    pytest.param(lambda m: m["playbackIds"][0].update(accessPolicy=1), id="nested-type-changed"),
    pytest.param(lambda m: m["playbackIds"][0]["accessRestrictions"]["domains"].pop("deny"), id="nested-missing"),
    pytest.param(lambda m: m.update(bogus=True), id="unknown-key"),
    pytest.param(lambda m: m["metadata"].update(n=5), id="metadata-not-string"),
    pytest.param(lambda m: m.update(duration=str(m["duration"])), id="duration-as-string"),
    pytest.param(lambda m: m.__setitem__("tracks", [{"type": "video", "width": "1920"}]), id="track-type"),
])
def test_a_wrong_media_object_fails_the_same_check(sandbox, mutate):
    ref = media_reference(recorded("get-media.json")["data"], "2026-09")
    with api_client(sandbox) as api:
        good = all_pages(api, "/on-demand")[0]
    assert shape_problems(ref, good, MEDIA_OPTIONAL) == []
    bad = copy.deepcopy(good)
    mutate(bad)
    assert shape_problems(ref, bad, MEDIA_OPTIONAL)


def test_reordered_keys_fail_the_check(sandbox):
    ref = stream_reference()
    with api_client(sandbox) as api:
        good = api.get("/live/streams", params={"limit": 1}).json()["data"][0]
    reordered = dict(reversed(list(good.items())))
    assert shape_problems(ref, good, STREAM_OPTIONAL) == []
    assert any("key order" in p for p in shape_problems(ref, reordered, STREAM_OPTIONAL))
