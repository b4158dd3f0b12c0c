"""The API layer's AI insights, generated subtitles and audience numbers: against the sandbox
(every data form it serves), and faults on a mock transport."""

from __future__ import annotations

import json

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fastpix_viewer.api.errors import (
    InputError,
    InvalidIdError,
    PermissionDeniedError,
    ProtocolError,
    RequestTimeout,
)
from fastpix_viewer.api.insights import (
    FeatureUnavailableError,
    InsightKind,
    InsightStatus,
    parse_chapters,
    parse_entities,
    parse_insight,
)
from fastpix_viewer.api.metrics import parse_span

MEDIA_ID = "4fa85f64-5717-4562-b3fc-2c963f66afa6"


def control(sandbox, **switches) -> None:
    httpx.post(f"{sandbox.control_base}/insights", json=switches).raise_for_status()


def ready_media(client, asset_title: str):
    return next(m for m in client.all_media() if m.title == asset_title)


def sandbox_chapters(sandbox, media_id: str) -> list[dict]:
    body = httpx.get(f"{sandbox.api_base}/on-demand/{media_id}", auth=(sandbox.token_id, sandbox.secret_key)).json()
    return body["data"]["chapters"]


@pytest.mark.parametrize("form", ["list", "hms", "json-string", "text"])
@pytest.mark.parametrize(("case", "word"), [("lower", "ready"), ("upper", "available"), ("title", "ready")])
def test_every_served_form_reads_as_the_same_chapters_and_entities(sandbox, client, form, case, word):
    control(sandbox, preparing_delay=0, data_form=form, status_case=case, ready_word=word)
    media = ready_media(client, "Product tour (1080p / 720p / 480p)")
    client.request_insight(media.id, InsightKind.CHAPTERS)
    client.request_insight(media.id, InsightKind.ENTITIES)
    client.request_insight(media.id, InsightKind.MODERATION, moderation_type="video")
    _, insights = client.media_insights(media.id)
    control(sandbox, data_form="list")
    expected = sandbox_chapters(sandbox, media.id)["data"]
    assert insights.chapters.status is InsightStatus.READY
    assert [(c.start, c.title) for c in insights.chapters.chapters] == [(e["startTime"], e["title"]) for e in expected]
    if form != "text":  # plain text lines carry start times only
        assert [c.end for c in insights.chapters.chapters] == [e["endTime"] for e in expected]
    assert [e.name for e in insights.entities.entities] == ["FastPix", "HLS", "Berlin"]
    assert insights.entities.entities[0].type == "organization"
    assert insights.moderation.status is InsightStatus.READY
    assert insights.moderation.moderation.get("type") == "video"


def test_request_then_wait_until_ready(sandbox, client):
    control(sandbox, preparing_delay=0.3)
    media = ready_media(client, "Colour bars (private)")
    _, before = client.media_insights(media.id)
    assert before.summary.status is InsightStatus.NOT_REQUESTED
    assert client.request_insight(media.id, InsightKind.SUMMARY, summary_length=30) is True
    _, during = client.media_insights(media.id)
    assert during.summary.status is InsightStatus.PREPARING
    seen = []
    summary = client.wait_for_insight(media.id, InsightKind.SUMMARY, interval=0.1, on_update=seen.append)
    assert summary.status is InsightStatus.READY and summary.text
    assert len(summary.text.split()) <= 30
    assert seen[0].status is InsightStatus.PREPARING
    assert client.media_summary(media.id) == summary.text


def test_failed_generation_is_reported_as_failed(sandbox, client):
    control(sandbox, preparing_delay=0.1, fail=["namedEntities"])
    media = ready_media(client, "Colour bars (private)")
    client.request_insight(media.id, InsightKind.ENTITIES)
    result = client.wait_for_insight(media.id, InsightKind.ENTITIES, interval=0.1)
    assert result.status is InsightStatus.FAILED and not result.entities


def test_wait_is_bounded(sandbox, client):
    control(sandbox, preparing_delay=60)
    media = ready_media(client, "Colour bars (private)")
    client.request_insight(media.id, InsightKind.CHAPTERS)
    with pytest.raises(RequestTimeout, match="still preparing the chapters"):
        client.wait_for_insight(media.id, InsightKind.CHAPTERS, interval=0.05, timeout=0.2)


def test_plan_without_ai_features_is_a_plain_refusal(sandbox, client, ai_refusal):
    media = ready_media(client, "Colour bars (private)")
    audio = next(t for t in media.tracks if t.type == "audio")
    for call in (lambda: client.request_insight(media.id, InsightKind.CHAPTERS),
                 lambda: client.generate_subtitles(media.id, audio.id, "en")):
        with pytest.raises(FeatureUnavailableError) as refused:
            call()
        assert "plan does not include in-video AI features" in refused.value.user_message
        assert refused.value.status == ai_refusal
        assert "(FastPix said: " in refused.value.user_message  # FastPix's own words, kept


def test_generated_subtitles_are_followed_to_a_subtitle_track(sandbox, client):
    control(sandbox, preparing_delay=0.2)
    media = ready_media(client, "Interview — English / Español")
    audio = next(t for t in media.tracks if t.type == "audio")
    job = client.generate_subtitles(media.id, audio.id, "de")
    assert job.language_name == "German" and job.track_id
    updated, state = client.wait_for_subtitles(media.id, job, interval=0.1)
    assert state.status is InsightStatus.READY and state.url
    track = next(t for t in updated.tracks if t.id == job.track_id)
    assert (track.type, track.language_code, track.language_name) == ("subtitle", "de", "German")
    assert httpx.get(state.url).text.startswith("WEBVTT")


@pytest.mark.parametrize("with_ids", [False, True])
def test_failed_subtitles_next_to_ready_ones(sandbox, client, with_ids):
    control(sandbox, preparing_delay=0.1, subtitle_ids=with_ids)
    media = ready_media(client, "Interview — English / Español")
    audio = next(t for t in media.tracks if t.type == "audio")
    good = client.generate_subtitles(media.id, audio.id, "de")
    control(sandbox, fail=["subtitles"])
    bad = client.generate_subtitles(media.id, audio.id, "fr")
    updated, state = client.wait_for_subtitles(media.id, bad, interval=0.1)
    assert state.status is InsightStatus.FAILED
    assert bad.track_id not in [t.id for t in updated.tracks]
    _, fine = client.wait_for_subtitles(media.id, good, interval=0.1)
    assert fine.status is InsightStatus.READY


def test_audience_for_media_and_stream(sandbox, client):
    media = ready_media(client, "Product tour (1080p / 720p / 480p)")
    audience = client.audience(media_id=media.id, span="24h")
    raw = httpx.get(f"{sandbox.api_base}/data/metrics/views/timeseries",
                    params={"timespan[]": "24:hours", "groupBy": "hour", "filterby[]": f"media_id:{media.id}"},
                    auth=(sandbox.token_id, sandbox.secret_key)).json()["data"]
    by_time = {p["intervalTime"]: p["metricValue"] for p in raw}
    assert audience.granularity == "hour" and len(audience.points) >= 24
    matched = [p for p in audience.points if p.time in by_time]
    assert len(matched) >= 23 and all(p.views == by_time[p.time] for p in matched[:-1])
    assert all(p.unique_viewers is not None and p.unique_viewers <= p.views for p in audience.points)
    stream = client.all_streams()[0]
    weekly = client.audience(stream_id=stream.stream_id, span="7d")
    assert weekly.granularity == "day" and 7 <= len(weekly.points) <= 8


def test_parse_span():
    assert parse_span("7d").token == "7:days"
    assert parse_span("24:hours").label == "24h"
    for bad in ("2y", "", "7 days please"):
        with pytest.raises(InputError):
            parse_span(bad)


def test_ids_and_inputs_are_checked_before_anything_is_sent(mock_client):
    sent: list[httpx.Request] = []
    client = mock_client(lambda request: sent.append(request) or httpx.Response(500))
    for call in (
        lambda: client.request_insight("../../live/streams", InsightKind.CHAPTERS),
        lambda: client.request_insight(MEDIA_ID, InsightKind.SUMMARY, summary_length=10),
        lambda: client.request_insight(MEDIA_ID, InsightKind.MODERATION, moderation_type="pictures"),
        lambda: client.generate_subtitles(MEDIA_ID, "../x", "en"),
        lambda: client.generate_subtitles(MEDIA_ID, "abc", "english please"),
        lambda: client.audience(media_id="not-an-id"),
        lambda: client.audience(stream_id="zz"),
        lambda: client.audience(),
    ):
        with pytest.raises((InvalidIdError, InputError)):
            call()
    assert sent == []


def _error(status: int, message: str, description: str) -> httpx.Response:
    return httpx.Response(status, json={"success": False, "error": {"code": status, "message": message,
                                                                    "description": description}})


@pytest.mark.parametrize("answer", [
    _error(402, "payment required", "Your plan has no AI credits."),
    _error(400, "bad request", "This feature needs an upgrade of your subscription."),
    _error(403, "forbidden", "In-video AI is not enabled for this workspace."),
])
def test_other_plan_refusal_forms_are_recognised(mock_client, answer):
    client = mock_client(lambda request: answer)
    with pytest.raises(FeatureUnavailableError):
        client.request_insight(MEDIA_ID, InsightKind.CHAPTERS)


def test_a_token_permission_refusal_is_not_called_a_plan_problem(mock_client):
    client = mock_client(lambda request: _error(403, "forbidden", "The token lacks the permission for this."))
    with pytest.raises(PermissionDeniedError) as refused:
        client.request_insight(MEDIA_ID, InsightKind.CHAPTERS)
    assert not isinstance(refused.value, FeatureUnavailableError)


def test_a_summary_not_yet_made_is_not_a_plan_refusal(mock_client):
    client = mock_client(lambda request: _error(400, "summary not available", "It has not been generated."))
    with pytest.raises(Exception) as refused:
        client.media_summary(MEDIA_ID)
    assert not isinstance(refused.value, FeatureUnavailableError)


def test_broken_audience_answer_is_a_protocol_error(mock_client):
    client = mock_client(lambda request: httpx.Response(200, json={"success": True, "data": {"oops": 1}}))
    with pytest.raises(ProtocolError):
        client.audience(media_id=MEDIA_ID)


def test_audience_tolerates_nulls_and_missing_metric_values(mock_client):
    def handler(request: httpx.Request) -> httpx.Response:
        points = [{"intervalTime": "2026-12-01T00:00:00Z", "metricValue": None, "numberOfViews": 5},
                  {"intervalTime": "2026-12-02T00:00:00Z", "metricValue": 3.0},
                  {"metricValue": 9}, "junk"]
        return httpx.Response(200, json={"success": True, "data": points})

    audience = mock_client(handler).audience(media_id=MEDIA_ID, span="7d")
    assert [(p.time, p.views) for p in audience.points] == [("2026-12-01T00:00:00Z", 5), ("2026-12-02T00:00:00Z", 3)]
    assert audience.total_views == 8


def test_total_views_is_one_request_for_the_weekly_sum(sandbox, client):
    media = ready_media(client, "Product tour (1080p / 720p / 480p)")
    raw = httpx.get(f"{sandbox.api_base}/data/metrics/views/timeseries",
                    params={"timespan[]": "7:days", "groupBy": "day", "filterby[]": f"media_id:{media.id}"},
                    auth=(sandbox.token_id, sandbox.secret_key)).json()["data"]
    assert client.total_views(media_id=media.id) == sum(p["metricValue"] for p in raw)
    assert client.total_views(media_id=media.id) == client.audience(media_id=media.id, span="7d").total_views


def test_total_views_without_any_interval_is_no_data(mock_client):
    asked: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url)
        return httpx.Response(200, json={"success": True, "data": []})

    assert mock_client(handler).total_views(media_id=MEDIA_ID) is None
    assert len(asked) == 1 and asked[0].path.endswith("/data/metrics/views/timeseries")
    assert asked[0].params["filterby[]"] == f"media_id:{MEDIA_ID}"


# --- parsing of forms the sandbox does not serve -------------------------------------------------


def test_insight_statuses_in_any_case_and_unknown_words():
    assert parse_insight(InsightKind.SUMMARY, None).status is InsightStatus.NOT_REQUESTED
    assert parse_insight(InsightKind.SUMMARY, {"status": "PREPARING", "data": None}).status is InsightStatus.PREPARING
    assert parse_insight(InsightKind.SUMMARY, {"status": "Failed"}).status is InsightStatus.FAILED
    assert parse_insight(InsightKind.SUMMARY, {"status": "not_available"}).status is InsightStatus.UNAVAILABLE
    assert parse_insight(InsightKind.SUMMARY, {"status": "mystery"}).status is InsightStatus.PREPARING
    assert parse_insight(InsightKind.SUMMARY, {"status": "mystery", "data": "Text."}).text == "Text."
    assert parse_insight(InsightKind.SUMMARY, "Bare text").text == "Bare text"
    assert parse_insight(InsightKind.SUMMARY, {"status": "ready", "data": {"summary": "Inside"}}).text == "Inside"


def test_chapter_forms():
    wrapped = {"chapters": [{"start": "00:01:05", "end": 70.5, "chapterTitle": "B"}, {"startTime": 0, "title": "A"}]}
    assert [(c.start, c.end, c.title) for c in parse_chapters(wrapped)] == [(0.0, None, "A"), (65.0, 70.5, "B")]
    text = "1. 00:00 - Intro\n2. [01:30] Middle part\n03:00-04:10 End\nno time here"
    assert [(c.start, c.end, c.title) for c in parse_chapters(text)] == [
        (0.0, None, "Intro"), (90.0, None, "Middle part"), (180.0, 250.0, "End"), (None, None, "no time here")]
    assert parse_chapters(json.dumps([{"startTime": 2, "title": "x"}]))[0].start == 2.0
    assert parse_chapters([{"unrelated": True}, "junk", None]) == ()
    assert len(parse_chapters([{"startTime": i, "title": "t"} for i in range(10_000)])) == 500


def test_entity_forms():
    assert [(e.name, e.type) for e in parse_entities(["Paris", {"name": "ACME", "category": "org"}])] == [
        ("Paris", None), ("ACME", "org")]
    assert [(e.name, e.type) for e in parse_entities({"person": ["Ana", "Bo"], "location": "Rome"})] == [
        ("Ana", "person"), ("Bo", "person"), ("Rome", "location")]
    assert [(e.name, e.type) for e in parse_entities("Paris (location), ACME; Bo (person)")] == [
        ("Paris", "location"), ("ACME", None), ("Bo", "person")]
    assert parse_entities(42) == ()


def test_a_refused_workspace_reads_not_available_but_keeps_what_is_made(sandbox, client):
    media = ready_media(client, "Keynote")
    _, insights = client.media_insights(media.id)
    marked = insights.unavailable()
    assert marked.chapters.status is InsightStatus.READY and marked.chapters.chapters == insights.chapters.chapters
    assert marked.moderation.status is InsightStatus.UNAVAILABLE
    assert marked.moderation.status.value == "not available on this workspace"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)


@given(value=_json, kind=st.sampled_from(list(InsightKind)))
def test_any_json_reads_as_an_insight_without_raising(value, kind):
    insight = parse_insight(kind, value)
    assert insight.kind is kind and isinstance(insight.status, InsightStatus)
    for chapter in insight.chapters:
        assert chapter.title and (chapter.start is None or chapter.start >= 0)


def test_a_wait_can_be_cancelled_from_another_thread(sandbox, client):
    import threading

    from fastpix_viewer.api.cancel import CancelToken
    from fastpix_viewer.api.errors import Cancelled

    control(sandbox, preparing_delay=60)
    media = ready_media(client, "Colour bars (private)")
    client.request_insight(media.id, InsightKind.CHAPTERS)
    cancel = CancelToken()
    polls: list[InsightStatus] = []

    def on_update(insight) -> None:
        polls.append(insight.status)
        if len(polls) == 2:
            threading.Thread(target=cancel.cancel).start()

    with pytest.raises(Cancelled):
        client.wait_for_insight(media.id, InsightKind.CHAPTERS, interval=0.05, cancel=cancel, on_update=on_update)
    assert polls[:2] == [InsightStatus.PREPARING, InsightStatus.PREPARING]
