"""FastPix API behaviour: auth, mutations, state transitions, 404s, reset."""

from __future__ import annotations

import httpx
import pytest
from sandbox_helpers import all_pages

from fastpix_viewer.sandbox.seed import DOCS_RECORDING

ENDPOINTS = [
    ("GET", "/live/streams"), ("GET", "/live/streams/{sid}"), ("PUT", "/live/streams/{sid}/finish"),
    ("PUT", "/live/streams/{sid}/live-enable"), ("PUT", "/live/streams/{sid}/live-disable"),
    ("GET", "/live/streams/{sid}/viewer-count"), ("GET", "/live/streams/{sid}/playback-ids/{spid}"),
    ("GET", "/on-demand"), ("GET", "/on-demand/{mid}"), ("PATCH", "/on-demand/{mid}"),
    ("DELETE", "/on-demand/{mid}"), ("GET", "/on-demand/{sid}/live-clips"),
    ("GET", "/on-demand/{mid}/media-clips"), ("GET", "/on-demand/{mid}/playback-ids"),
    ("GET", "/on-demand/{mid}/playback-ids/{mpid}"),
]


def _ids(api) -> dict:
    stream = api.get("/live/streams", params={"limit": 1}).json()["data"][0]
    media = api.get("/on-demand", params={"limit": 1}).json()["data"][0]
    return {"sid": stream["streamId"], "spid": stream["playbackIds"][0]["id"],
            "mid": media["id"], "mpid": media["playbackIds"][0]["id"]}


@pytest.mark.parametrize("auth", [None, ("wrong", "pair"), "token-only"])
def test_every_endpoint_needs_basic_auth(sandbox, api, auth):
    ids = _ids(api)
    if auth == "token-only":
        auth = (sandbox.token_id, "")
    with httpx.Client(base_url=sandbox.api_base, auth=auth, timeout=10) as anonymous:
        for method, path in ENDPOINTS:
            response = anonymous.request(method, path.format(**ids), json={} if method == "PATCH" else None)
            assert response.status_code == 401, (method, path)
            assert response.json()["error"]["code"] == 401
    assert api.get(f"/on-demand/{ids['mid']}").status_code == 200  # nothing was deleted


def test_unknown_ids_are_404(api):
    for path in ("/live/streams/00000000000000000000000000000000", "/on-demand/00000000-0000-4000-8000-000000000000",
                 "/on-demand/00000000-0000-4000-8000-000000000000/playback-ids",
                 "/on-demand/00000000000000000000000000000000/live-clips"):
        response = api.get(path)
        assert response.status_code == 404 and response.json()["success"] is False, path
    ids = _ids(api)
    assert api.get(f"/on-demand/{ids['mid']}/playback-ids/{ids['spid']}").status_code == 404
    assert api.put("/live/streams/00000000000000000000000000000000/finish").status_code == 404


def test_patch_replaces_metadata_and_title(api):
    media = api.get("/on-demand", params={"limit": 1}).json()["data"][0]
    body = {"metadata": {"k": "v", "ünï": "cödé"}, "title": "Renamed", "creatorId": "me"}
    response = api.patch(f"/on-demand/{media['id']}", json=body)
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["metadata"] == body["metadata"] and data["title"] == "Renamed" and data["creatorId"] == "me"
    assert data["updatedAt"] > media["updatedAt"]
    assert api.get(f"/on-demand/{media['id']}").json()["data"]["title"] == "Renamed"


@pytest.mark.parametrize(("body", "field"), [
    ({"metadata": {f"k{i}": "v" for i in range(11)}}, "metadata"),
    ({"metadata": {"k": "x" * 256}}, "metadata.k"),
    ({"metadata": {"k": 5}}, "metadata.k"),
    ({"metadata": ["a"]}, "metadata"),
    ({"title": 42}, "title"),
    ({"title": "t" * 256}, "title"),
    ({"creatorId": None}, "creatorId"),
])
def test_bad_patch_payloads_are_422(api, body, field):
    media = api.get("/on-demand", params={"limit": 1}).json()["data"][0]
    response = api.patch(f"/on-demand/{media['id']}", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"] == "payload validation failed" and error["fields"][0]["field"] == field
    assert api.get(f"/on-demand/{media['id']}").json()["data"] == media  # unchanged


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"title=x"])
def test_unreadable_patch_body_is_422_like_any_bad_payload(api, raw):
    media = api.get("/on-demand", params={"limit": 1}).json()["data"][0]
    response = api.patch(f"/on-demand/{media['id']}", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"success": False, "error": {
        "code": 422, "message": "payload validation failed",
        "fields": [{"field": "body", "message": "must be a JSON object"}]}}
    assert api.get(f"/on-demand/{media['id']}").json()["data"] == media  # unchanged


def test_delete_then_gone_and_reset_restores(sandbox, api):
    before = all_pages(api, "/on-demand")
    victim = before[3]
    assert api.delete(f"/on-demand/{victim['id']}").json() == {"success": True}
    assert api.get(f"/on-demand/{victim['id']}").status_code == 404
    assert api.delete(f"/on-demand/{victim['id']}").status_code == 404
    after = all_pages(api, "/on-demand")
    assert len(after) == len(before) - 1 and victim["id"] not in {m["id"] for m in after}
    assert httpx.get(f"{sandbox.stream_base}/{victim['playbackIds'][0]['id']}.m3u8").status_code == 404
    sandbox.reset()
    assert all_pages(api, "/on-demand") == before


def test_stream_transitions(api):
    streams = all_pages(api, "/live/streams")
    active = next(s for s in streams if s["status"] == "active")
    disabled = next(s for s in streams if s["status"] == "disabled" and not s["trial"])
    assert api.get(f"/live/streams/{active['streamId']}/viewer-count").json()["data"]["views"] > 0
    assert api.put(f"/live/streams/{active['streamId']}/finish").json() == {"success": True}
    assert api.get(f"/live/streams/{active['streamId']}").json()["data"]["status"] == "idle"
    assert api.put(f"/live/streams/{active['streamId']}/finish").status_code == 400
    assert api.get(f"/live/streams/{active['streamId']}/viewer-count").json() == {"success": True, "data": {"views": 0}}

    assert api.put(f"/live/streams/{disabled['streamId']}/live-disable").status_code == 400
    assert api.put(f"/live/streams/{disabled['streamId']}/live-enable").json() == {"success": True}
    assert api.get(f"/live/streams/{disabled['streamId']}").json()["data"]["status"] == "idle"
    assert api.put(f"/live/streams/{disabled['streamId']}/live-enable").status_code == 400
    assert api.put(f"/live/streams/{disabled['streamId']}/live-disable").json() == {"success": True}
    assert api.get(f"/live/streams/{disabled['streamId']}").json()["data"]["status"] == "disabled"


def test_seed_workspace_has_what_clients_must_handle(api):
    streams = all_pages(api, "/live/streams")
    media = all_pages(api, "/on-demand")
    by_id = {m["id"]: m for m in media}
    assert 5 <= len(streams) <= 8 and 22 <= len(media) <= 40
    assert any(s["enableDvrMode"] for s in streams) and any("simulcastResponses" in s for s in streams)
    assert {len(s.get("mediaIds", [])) for s in streams} >= {0, 1, 5}
    for stream in streams:
        recordings = [by_id[i] for i in stream.get("mediaIds", [])]
        # A recording carries its stream's ID or none at all (the docs' example has none).
        assert all(r.get("streamId", stream["streamId"]) == stream["streamId"] for r in recordings)
        created = [r["createdAt"] for r in recordings]
        assert created == sorted(created)  # the last mediaIds entry is the newest recording
    policies = [{p["accessPolicy"] for p in m["playbackIds"]} for m in media]
    assert {"public", "private"} in policies and {"drm"} in policies
    assert any(p["accessRestrictions"]["domains"]["defaultPolicy"] == "deny" for m in media for p in m["playbackIds"])
    assert any(m["isAudioOnly"] for m in media)
    assert any("sourceMediaId" in m and "streamId" in m for m in media)  # live clips
    assert any("sourceMediaId" in m and "streamId" not in m for m in media)  # clips of uploads
    # Shared notes §10: recordings with and without streamId, live clips in no mediaIds,
    # statuses outside the enum and lowercase ones.
    listed = {i for s in streams for i in s.get("mediaIds", [])}
    assert any("streamId" in by_id[i] for i in listed) and any("streamId" not in by_id[i] for i in listed)
    assert any("streamId" in m and "sourceMediaId" not in m and m["id"] not in listed for m in media)
    statuses = {m["status"] for m in media}
    assert "ready" in statuses and statuses - {"Created", "Downloading", "Downloaded", "Validating",
                                               "In Queue", "Processing", "Ready", "Failed", "ready"}
    texts = [m.get("title", "") for m in media] + [v for m in media for v in m["metadata"].values()]
    assert any("<img" in t for t in texts) and any("\u202e" in t for t in texts)
    assert any(len(t) == 255 for t in texts) and any(ord(c) > 0xFFFF for t in texts for c in t)


def test_seed_is_deterministic(sandbox, wire_may):
    def snapshot(server):
        with httpx.Client(base_url=server.api_base, auth=(server.token_id, server.secret_key)) as c:
            return [m["id"] for m in all_pages(c, "/on-demand")], [s["streamKey"] for s in all_pages(c, "/live/streams")]
    assert snapshot(sandbox) == snapshot(wire_may)


def test_resolutions_use_fastpix_media_enum_and_an_honest_source(api):
    """maxResolution stays within FastPix's media enum (no 360p there); sourceResolution is the
    real height of the video, so a 360p sample says "480p" / "360"."""
    heights = set()
    for media in all_pages(api, "/on-demand"):
        if media["id"] == DOCS_RECORDING["id"]:
            continue  # FastPix's own example, served as printed ("sourceResolution": "1080p")
        video = [t for t in media.get("tracks", []) if t.get("type") == "video"]
        if media.get("isAudioOnly"):
            assert (media["maxResolution"], media["sourceResolution"]) == ("NA", "0")
            continue
        assert media["maxResolution"] in {"2160p", "1440p", "1080p", "720p", "480p"}
        if video:
            assert media["sourceResolution"] == str(video[0]["height"])
            assert int(media["maxResolution"][:-1]) >= min(480, video[0]["height"])
            heights.add(video[0]["height"])
    assert 360 in heights  # the case in question is really seeded
