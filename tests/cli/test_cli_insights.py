"""`show --insights`, `generate` and `views` end to end against the sandbox on 127.0.0.1,
including a workspace whose plan has no AI features and a generation that fails."""

from __future__ import annotations

import json

import httpx
import pytest

from fastpix_viewer.api.models import format_duration
from fastpix_viewer.cli.runner import EXIT_AUTH, EXIT_FAILURE, EXIT_NOT_FOUND, EXIT_USAGE


def api(sandbox, path: str, **params):
    response = httpx.get(f"{sandbox.api_base}/{path}", params=params, auth=(sandbox.token_id, sandbox.secret_key))
    response.raise_for_status()
    return response.json()


def control(sandbox, **switches) -> None:
    httpx.post(f"{sandbox.control_base}/insights", json=switches).raise_for_status()


def media_titled(sandbox, title: str) -> dict:
    return next(m for m in api(sandbox, "on-demand", limit=50)["data"] if m.get("title") == title)


KEYNOTE = "Keynote"
BARS = "Colour bars (private)"
INTERVIEW = "Interview — English / Español"


def test_show_insights_prints_summary_chapters_and_entities(cli, sandbox, sandbox_env):
    media = media_titled(sandbox, KEYNOTE)
    result = cli("show", media["id"], "--insights")
    assert result.code == 0 and result.err == ""
    assert "Title:          Keynote" in result.out  # the usual details come first
    assert media["summary"]["data"] in result.out
    for chapter in media["chapters"]["data"]:
        line = f"{format_duration(chapter['startTime'])}–{format_duration(chapter['endTime'])}"
        assert any(row.strip().startswith(line) and row.rstrip().endswith(chapter["title"])
                   for row in result.out.splitlines())
    for entity in media["namedEntities"]["data"]:
        assert entity["entity"] in result.out
    assert "Moderation: not requested" in result.out


def test_show_insights_json(cli, sandbox, sandbox_env):
    media = media_titled(sandbox, KEYNOTE)
    shown = json.loads(cli("show", media["id"], "--insights", "--json").out)
    assert shown["media"]["id"] == media["id"]
    insights = shown["insights"]
    assert insights["summary"] == {"status": "ready", "statusText": "ready", "text": media["summary"]["data"]}
    assert [(c["start"], c["end"], c["title"]) for c in insights["chapters"]["chapters"]] == [
        (c["startTime"], c["endTime"], c["title"]) for c in media["chapters"]["data"]]
    assert insights["moderation"]["status"] == "not requested"


def test_show_insights_of_a_stream_uses_its_latest_recording(cli, sandbox, sandbox_env):
    media = media_titled(sandbox, KEYNOTE)
    stream_id = media["streamId"]
    latest = api(sandbox, f"live/streams/{stream_id}")["data"]["mediaIds"][-1]
    shown = json.loads(cli("show", stream_id, "--insights", "--json").out)
    assert shown["insights"]["mediaId"] == latest


def test_generate_without_wait_then_show_follows_it(cli, sandbox, sandbox_env):
    control(sandbox, preparing_delay=30)
    media = media_titled(sandbox, BARS)
    result = cli("generate", media["id"], "chapters")
    assert result.code == 0
    assert "FastPix is preparing it" in result.out
    assert api(sandbox, f"on-demand/{media['id']}")["data"]["chapters"]["status"] == "preparing"
    assert "Chapters: preparing" in cli("show", media["id"], "--insights").out


def test_generate_and_wait_for_each_feature(cli, sandbox, sandbox_env):
    control(sandbox, preparing_delay=0.3)
    media = media_titled(sandbox, BARS)
    summary = cli("generate", media["id"], "summary", "--length", "30", "--wait", "--interval", "0.1", "--json")
    assert summary.code == 0, summary.err
    body = json.loads(summary.out)
    assert body["status"] == "ready" and 0 < len(body["text"].split()) <= 30
    chapters = cli("generate", media["id"], "chapters", "--wait", "--interval", "0.1")
    assert chapters.code == 0
    served = api(sandbox, f"on-demand/{media['id']}")["data"]["chapters"]["data"]
    assert all(c["title"] in chapters.out for c in served)
    entities = json.loads(cli("generate", media["id"], "entities", "--wait", "--interval", "0.1", "--json").out)
    assert [e["name"] for e in entities["entities"]] == [
        e["entity"] for e in api(sandbox, f"on-demand/{media['id']}")["data"]["namedEntities"]["data"]]
    moderation = json.loads(cli("generate", media["id"], "moderation", "--moderation-type", "video", "--wait",
                                "--interval", "0.1", "--json").out)
    assert moderation["result"]["type"] == "video"


def test_generate_subtitles_for_a_language(cli, sandbox, sandbox_env):
    control(sandbox, preparing_delay=0.3)
    media = media_titled(sandbox, INTERVIEW)
    result = cli("generate", media["id"], "subtitles", "--language", "fr", "--wait", "--interval", "0.1", "--json")
    assert result.code == 0, result.err
    done = json.loads(result.out)
    assert done["status"] == "ready" and done["languageName"] == "French"
    tracks = json.loads(cli("show", media["id"], "--json").out)["tracks"]
    assert {"id": done["trackId"], "type": "subtitle", "status": "available", "languageCode": "fr",
            "languageName": "French"} in tracks
    assert "French" in cli("show", media["id"]).out  # listed among the tracks
    assert httpx.get(done["url"]).text.startswith("WEBVTT")


def test_generate_subtitles_needs_a_language(cli, sandbox, sandbox_env):
    media = media_titled(sandbox, INTERVIEW)
    result = cli("generate", media["id"], "subtitles")
    assert result.code == EXIT_USAGE and "--language" in result.error_line
    wrong = cli("generate", media["id"], "chapters", "--language", "fr")
    assert wrong.code == EXIT_USAGE


def test_workspace_without_ai_features_gets_a_plain_message(cli_process, sandbox, sandbox_env, ai_refusal):
    media = media_titled(sandbox, BARS)
    for args in (("generate", media["id"], "summary", "--wait"),
                 ("generate", media["id"], "subtitles", "--language", "en")):
        result = cli_process(*args)
        assert result.code == EXIT_AUTH
        assert "plan does not include in-video AI features" in result.error_line
    assert "summary" not in api(sandbox, f"on-demand/{media['id']}")["data"]  # nothing was started
    # Reading still works: statuses show "not requested".
    shown = cli_process("show", media["id"], "--insights")
    assert shown.code == 0 and "Summary: not requested" in shown.out


def test_a_failed_generation_exits_1_with_one_line(cli, sandbox, sandbox_env):
    control(sandbox, preparing_delay=0.2, fail=["chapters", "subtitles"])
    media = media_titled(sandbox, INTERVIEW)
    result = cli("generate", media["id"], "chapters", "--wait", "--interval", "0.1")
    assert result.code == EXIT_FAILURE
    assert "could not generate the chapters" in result.error_line
    assert "Chapters: failed" in cli("show", media["id"], "--insights").out
    subtitles = cli("generate", media["id"], "subtitles", "--language", "de", "--wait", "--interval", "0.1")
    assert subtitles.code == EXIT_FAILURE and "could not generate German subtitles" in subtitles.error_line


def test_wait_runs_out_of_time(cli, sandbox, sandbox_env):
    control(sandbox, preparing_delay=60)
    media = media_titled(sandbox, BARS)
    result = cli("generate", media["id"], "chapters", "--wait", "--interval", "0.1", "--timeout", "0.3")
    assert result.code == EXIT_FAILURE and "still preparing" in result.error_line


def test_generate_for_unknown_or_invalid_media(cli, sandbox, sandbox_env):
    missing = cli("generate", "00000000-0000-4000-8000-000000000000", "chapters")
    assert missing.code == EXIT_NOT_FOUND
    assert cli("generate", "not-a-thing", "chapters").code in (EXIT_USAGE, EXIT_NOT_FOUND)
    assert cli("generate", "x", "poetry").code == EXIT_USAGE


def _served_views(sandbox, filter_by: str, span: str, group: str) -> dict[str, int]:
    body = api(sandbox, "data/metrics/views/timeseries", **{"timespan[]": span, "groupBy": group,
                                                            "filterby[]": filter_by})
    return {p["intervalTime"]: p["metricValue"] for p in body["data"]}


@pytest.mark.parametrize("span", ["24h", "7d"])
def test_views_of_a_media(cli, sandbox, sandbox_env, span):
    media = media_titled(sandbox, INTERVIEW)
    result = cli("views", media["id"], "--span", span)
    assert result.code == 0 and result.err == ""
    token, group = {"24h": ("24:hours", "hour"), "7d": ("7:days", "day")}[span]
    served = _served_views(sandbox, f"media_id:{media['id']}", token, group)
    rows = {line.split()[0]: int(line.split()[1]) for line in result.out.splitlines() if line[:2] == "20"}
    shared = set(rows) & set(served)
    assert len(shared) >= len(served) - 1
    assert all(rows[t] == served[t] for t in sorted(shared)[:-1])
    assert f"Total views: {sum(rows.values())}" in result.out
    assert "FastPix-instrumented players" in result.out


def test_views_of_a_live_stream_as_json(cli, sandbox, sandbox_env):
    stream = api(sandbox, "live/streams", limit=1)["data"][0]
    body = json.loads(cli("views", stream["streamId"], "--json").out)
    assert body["subject"] == f"stream:{stream['streamId']}" and body["span"] == "7:days"
    assert body["totalViews"] == sum(p["views"] for p in body["points"])
    assert all(p["uniqueViewers"] <= p["views"] for p in body["points"])


def test_views_refuses_an_unknown_span(cli, sandbox, sandbox_env):
    media = media_titled(sandbox, INTERVIEW)
    result = cli("views", media["id"], "--span", "2y")
    assert result.code == EXIT_USAGE and "60m, 6h, 24h, 3d, 7d, 30d" in result.error_line


def test_generate_for_media_still_processing_says_why(cli, sandbox, sandbox_env):
    media = media_titled(sandbox, "Fresh upload (still processing)")
    result = cli("generate", media["id"], "chapters")
    assert result.code == EXIT_FAILURE and "ready" in result.error_line
    assert "chapters" not in api(sandbox, f"on-demand/{media['id']}")["data"]
