"""The sandbox's AI features, generated subtitles and Video Data metrics, over real HTTP:
the spec's request and response shapes, the preparing delay, the plan switch and failures."""

from __future__ import annotations

import itertools
import json
import time

import httpx
import pytest
from media_picks import seed_media

from fastpix_viewer.sandbox.assets import load_asset
from tests.fpv_support.waiting import wait_for

FEATURE_PATHS = {"summary": ("summary", {"generate": True, "summaryLength": 40}, "isSummaryEnabled"),
                 "chapters": ("chapters", {"chapters": True}, "isChaptersEnabled"),
                 "namedEntities": ("named-entities", {"namedEntities": True}, "isNamedEntitiesEnabled"),
                 "moderation": ("moderation", {"moderation": {"type": "video"}}, "isModerationEnabled")}


def control(sandbox, **switches) -> dict:
    return httpx.post(f"{sandbox.control_base}/insights", json=switches).raise_for_status().json()


def media_body(api, media_id: str) -> dict:
    return api.get(f"/on-demand/{media_id}").raise_for_status().json()["data"]


def wait_ready(api, media_id: str, field: str, timeout: float = 10.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        value = media_body(api, media_id).get(field)
        if value and value["status"] != "preparing":
            return value
        assert time.monotonic() < deadline, f"{field} still preparing"
        time.sleep(0.1)


@pytest.mark.parametrize("feature", list(FEATURE_PATHS))
def test_generate_goes_through_preparing_to_ready_with_spec_shapes(sandbox, api, feature):
    control(sandbox, preparing_delay=0.4)
    media, _ = seed_media(sandbox, asset="multires")
    assert feature not in media_body(api, media.id)  # not requested yet
    path, body, flag = FEATURE_PATHS[feature]
    answer = api.patch(f"/on-demand/{media.id}/{path}", json=body)
    assert answer.status_code == 200
    assert answer.json() == {"success": True, "data": {"mediaId": media.id, flag: True}}
    assert media_body(api, media.id)[feature] == {"status": "preparing", "data": None}
    ready = wait_ready(api, media.id, feature)
    assert ready["status"] == "ready" and ready["data"]


def test_chapters_sit_on_segment_boundaries_of_the_real_recording(sandbox, api):
    control(sandbox, preparing_delay=0)
    for asset_name in ("multires", "multilang", "bars"):
        media, _ = seed_media(sandbox, asset=asset_name)
        api.patch(f"/on-demand/{media.id}/chapters", json={"chapters": True}).raise_for_status()
        body = media_body(api, media.id)
        chapters = body["chapters"]["data"]
        asset = load_asset(asset_name)
        assert len(chapters) >= 2
        assert chapters[0]["startTime"] == 0
        assert chapters[-1]["endTime"] == pytest.approx(body["duration"])
        assert body["duration"] == pytest.approx(asset.duration)
        for earlier, later in itertools.pairwise(chapters):
            assert earlier["endTime"] == later["startTime"] > earlier["startTime"]
            # A chapter starts where an HLS segment starts, so seeking there is exact.
            assert later["startTime"] % asset.segment_duration == 0


def test_summary_respects_its_length_and_the_get_endpoint(sandbox, api):
    control(sandbox, preparing_delay=0)
    media, _ = seed_media(sandbox, asset="bars")
    assert api.get(f"/on-demand/{media.id}/summary").status_code == 400  # not generated yet
    api.patch(f"/on-demand/{media.id}/summary", json={"generate": True, "summaryLength": 30}).raise_for_status()
    text = api.get(f"/on-demand/{media.id}/summary").json()["data"]
    assert isinstance(text, str) and 5 < len(text.split()) <= 30
    assert media_body(api, media.id)["summary"]["data"] == text


@pytest.mark.parametrize(("path", "body", "field"), [
    ("summary", {"summaryLength": 100}, "generate"),
    ("summary", {"generate": True, "summaryLength": 10}, "summaryLength"),
    ("summary", {"generate": True, "summaryLength": 251}, "summaryLength"),
    ("chapters", {}, "chapters"),
    ("named-entities", {"namedEntities": "yes"}, "namedEntities"),
    ("moderation", {"moderation": {"type": "picture"}}, "moderation.type"),
])
def test_bad_bodies_get_422_with_the_field(sandbox, api, path, body, field):
    media, _ = seed_media(sandbox, asset="multires")
    answer = api.patch(f"/on-demand/{media.id}/{path}", json=body)
    assert answer.status_code == 422
    assert field in [f["field"] for f in answer.json()["error"]["fields"]]


def test_unknown_media_unauthenticated_and_not_ready(sandbox, api):
    missing = "00000000-0000-4000-8000-000000000000"
    assert api.patch(f"/on-demand/{missing}/chapters", json={"chapters": True}).status_code == 404
    media, _ = seed_media(sandbox, asset="multires")
    assert httpx.patch(f"{sandbox.api_base}/on-demand/{media.id}/chapters", json={"chapters": True}).status_code == 401
    processing, _ = seed_media(sandbox, status="Processing")
    refused = api.patch(f"/on-demand/{processing.id}/chapters", json={"chapters": True})
    assert refused.status_code == 400 and refused.json()["success"] is False


def test_plan_without_ai_features_refuses_with_fastpix_error_body(sandbox, api, ai_refusal):
    media, _ = seed_media(sandbox, asset="multires")
    audio = next(t for t in media_body(api, media.id)["tracks"] if t["type"] == "audio")
    answers = [api.patch(f"/on-demand/{media.id}/{path}", json=body) for path, body, _ in FEATURE_PATHS.values()]
    answers.append(api.post(f"/on-demand/{media.id}/tracks/{audio['id']}/generate-subtitles",
                            json={"languageCode": "en", "languageName": "English"}))
    for answer in answers:
        assert answer.status_code == ai_refusal
        assert answer.headers["content-type"] == "application/json;charset=UTF-8"
        error = answer.json()["error"]
        assert answer.json()["success"] is False and error["code"] == ai_refusal
        assert "plan" in error["description"] and "permission" not in error["description"].lower()
    assert not {"summary", "chapters", "namedEntities", "moderation"} & set(media_body(api, media.id))
    # A reset brings the features back (and the default 403 form).
    sandbox.reset()
    assert control(sandbox)["refusal"] == 403
    assert api.patch(f"/on-demand/{media.id}/chapters", json={"chapters": True}).status_code == 200


def test_failing_generation_and_reset(sandbox, api):
    control(sandbox, preparing_delay=0.2, fail=["chapters"])
    media, _ = seed_media(sandbox, asset="multires")
    api.patch(f"/on-demand/{media.id}/chapters", json={"chapters": True}).raise_for_status()
    api.patch(f"/on-demand/{media.id}/named-entities", json={"namedEntities": True}).raise_for_status()
    assert wait_ready(api, media.id, "chapters") == {"status": "failed", "data": None}
    assert wait_ready(api, media.id, "namedEntities")["status"] == "ready"
    sandbox.reset()
    assert "chapters" not in media_body(api, media.id)
    assert httpx.get(f"{sandbox.control_base}/insights").json()["fail"] == []


@pytest.mark.parametrize("form", ["hms", "json-string", "text"])
def test_data_forms(sandbox, api, form):
    control(sandbox, preparing_delay=0, data_form=form, status_case="upper", ready_word="available")
    media, _ = seed_media(sandbox, asset="multires")
    api.patch(f"/on-demand/{media.id}/chapters", json={"chapters": True}).raise_for_status()
    chapters = media_body(api, media.id)["chapters"]
    assert chapters["status"] == "AVAILABLE"
    data = chapters["data"]
    if form == "hms":
        assert data[0]["startTime"] == "00:00:00"
    elif form == "json-string":
        assert isinstance(json.loads(data), list)
    else:
        assert data.splitlines()[0].startswith("00:00:00 ")


def test_generated_subtitles_become_a_subtitle_track_with_a_vtt(sandbox, api):
    control(sandbox, preparing_delay=0.3)
    media, _ = seed_media(sandbox, asset="multilang")
    tracks = media_body(api, media.id)["tracks"]
    audio = next(t for t in tracks if t["type"] == "audio")
    video = next(t for t in tracks if t["type"] == "video")
    url = f"/on-demand/{media.id}/tracks/{{}}/generate-subtitles"
    assert api.post(url.format(video["id"]), json={"languageCode": "fr", "languageName": "French"}).status_code == 400
    assert api.post(url.format(audio["id"]), json={"languageCode": "fr"}).status_code == 422
    answer = api.post(url.format(audio["id"]), json={"languageCode": "fr", "languageName": "French"})
    data = answer.raise_for_status().json()["data"]
    assert data["type"] == "subtitle" and data["languageCode"] == "fr" and data["languageName"] == "French"
    body = media_body(api, media.id)
    assert body["generatedSubtitles"] == [{"status": "preparing", "url": None}]  # the spec's form
    control(sandbox, subtitle_ids=True)
    assert media_body(api, media.id)["generatedSubtitles"] == [{"id": data["id"], "status": "preparing", "url": None}]
    body = wait_for(lambda: (b := media_body(api, media.id))["generatedSubtitles"][0]["status"] != "preparing" and b,
                    what="the subtitles to be generated")
    track = next(t for t in body["tracks"] if t["id"] == data["id"])
    assert track == {"id": data["id"], "type": "subtitle", "status": "available", "languageCode": "fr",
                     "languageName": "French"}
    vtt = httpx.get(body["generatedSubtitles"][0]["url"])
    assert vtt.status_code == 200 and vtt.text.startswith("WEBVTT")
    assert "[French]" in vtt.text


def _series(api, metric: str, **params) -> dict:
    query = {"timespan[]": "24:hours", "groupBy": "hour", **params}
    return api.get(f"/data/metrics/{metric}/timeseries", params=query).raise_for_status().json()


def test_timeseries_shape_is_deterministic_and_unique_viewers_never_exceed_views(sandbox, api):
    media, _ = seed_media(sandbox, asset="multires")
    views = _series(api, "views", **{"filterby[]": f"media_id:{media.id}"})
    assert set(views) == {"success", "metadata", "data", "timespan"}
    assert views["metadata"] == {"granularity": "hour", "aggregation": "view_end"}
    start, end = views["timespan"]
    assert end - start == 86400
    assert 24 <= len(views["data"]) <= 25
    assert set(views["data"][0]) == {"intervalTime", "metricValue", "numberOfViews"}
    assert sum(p["metricValue"] for p in views["data"]) > 0
    again = _series(api, "views", **{"filterby[]": f"media_id:{media.id}"})
    first = {p["intervalTime"]: p["metricValue"] for p in views["data"]}
    second = {p["intervalTime"]: p["metricValue"] for p in again["data"]}
    shared = sorted(set(first) & set(second))[:-1]  # the current hour's interval may be new
    assert len(shared) >= 20 and all(first[t] == second[t] for t in shared)
    unique = _series(api, "unique_viewers", **{"filterby[]": f"media_id:{media.id}"})
    for v, u in zip(views["data"], unique["data"], strict=True):
        assert v["intervalTime"] == u["intervalTime"] and u["metricValue"] <= v["metricValue"]


def test_timeseries_filters_streams_and_rejects_bad_queries(sandbox, api):
    stream = sandbox.workspace.page_streams(1, 1).items[0]
    by_stream = _series(api, "views", **{"filterby[]": f"fp_live_stream_id:{stream.id}", "timespan[]": "7:days",
                                         "groupBy": "day"})
    assert 7 <= len(by_stream["data"]) <= 8
    unknown = _series(api, "views", **{"filterby[]": "media_id:00000000-0000-4000-8000-000000000000"})
    assert all(p["metricValue"] == 0 for p in unknown["data"])
    for params in ({"timespan[]": "2:years"}, {"groupBy": "week"}):
        assert api.get("/data/metrics/views/timeseries", params=params).status_code == 422
    assert api.get("/data/metrics/happiness/timeseries").status_code == 422
    overall = api.get("/data/metrics/views/overall", params={"timespan[]": "7:days"}).json()
    assert overall["data"]["totalViews"] >= overall["data"]["uniqueViews"] >= 0
    assert httpx.get(f"{sandbox.api_base}/data/metrics/views/timeseries").status_code == 401


def _generate_ready_subtitles(sandbox, api, media_id: str, code: str, name: str) -> str:
    control(sandbox, preparing_delay=0)
    audio = next(t for t in media_body(api, media_id)["tracks"] if t["type"] == "audio")
    answer = api.post(f"/on-demand/{media_id}/tracks/{audio['id']}/generate-subtitles",
                      json={"languageCode": code, "languageName": name})
    return answer.raise_for_status().json()["data"]["id"]


def test_generated_subtitles_join_the_hls_master_playlist(sandbox, api):
    media, pid = seed_media(sandbox, asset="multires")
    before = httpx.get(f"{sandbox.stream_base}/{pid}.m3u8").text
    assert "TYPE=SUBTITLES" not in before
    subtitle_id = _generate_ready_subtitles(sandbox, api, media.id, "fr", "French")
    master = httpx.get(f"{sandbox.stream_base}/{pid}.m3u8").text
    entry = next(line for line in master.splitlines() if "TYPE=SUBTITLES" in line)
    assert 'LANGUAGE="fr"' in entry and 'NAME="French"' in entry and subtitle_id in entry
    assert all('SUBTITLES="subs"' in line for line in master.splitlines() if line.startswith("#EXT-X-STREAM-INF"))
    uri = entry.split('URI="', 1)[1].rstrip('"')
    playlist = httpx.get(f"{sandbox.stream_base}/{uri}")
    assert playlist.status_code == 200 and "#EXT-X-ENDLIST" in playlist.text
    segment_name = next(line for line in playlist.text.splitlines() if line and not line.startswith("#"))
    segment = httpx.get(f"{sandbox.stream_base}/{uri.rsplit('/', 1)[0]}/{segment_name}")
    assert segment.text.startswith("WEBVTT\nX-TIMESTAMP-MAP=") and "[French] Opening test pattern" in segment.text


def test_generated_subtitles_of_private_media_need_the_token(sandbox, api):
    from sandbox_helpers import sign

    media, pid = seed_media(sandbox, asset="bars", policy="private")
    subtitle_id = _generate_ready_subtitles(sandbox, api, media.id, "en", "English")
    token = sign(sandbox, pid)
    master = httpx.get(f"{sandbox.stream_base}/{pid}.m3u8", params={"token": token}).text
    entry = next(line for line in master.splitlines() if "TYPE=SUBTITLES" in line)
    assert f"token={token}" in entry
    path = f"{sandbox.stream_base}/{pid}/generated-subtitles/{subtitle_id}.m3u8"
    assert httpx.get(path).status_code == 401
    assert httpx.get(path, params={"token": token}).status_code == 200


def test_refusal_switch_rejects_unknown_forms(sandbox):
    for bad in (401, "403", True, 500):
        answer = httpx.post(f"{sandbox.control_base}/insights", json={"refusal": bad})
        assert answer.status_code == 400 and "refusal must be one of" in answer.json()["error"]
    assert control(sandbox)["refusal"] == 403


def test_the_media_list_carries_the_ai_fields_or_leaves_them_out(sandbox, api):
    """Whether FastPix's media list carries the AI fields is unknown (notes §10): both forms."""
    keynote = next(m for m in api.get("/on-demand", params={"limit": 50}).json()["data"] if m.get("title") == "Keynote")
    assert keynote["chapters"]["status"] == "ready"  # the default: the list carries them
    assert control(sandbox, list_ai_fields=False)["list_ai_fields"] is False
    listed = next(m for m in api.get("/on-demand", params={"limit": 50}).json()["data"] if m["id"] == keynote["id"])
    assert not {"summary", "chapters", "namedEntities", "moderation"} & set(listed)
    assert media_body(api, keynote["id"])["chapters"] == keynote["chapters"]  # one media still has them
    sandbox.reset()
    assert control(sandbox)["list_ai_fields"] is True
