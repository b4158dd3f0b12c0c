"""FastPix's official Python SDK (a strict client nobody here wrote) reads the sandbox."""

from __future__ import annotations

import httpx
import pytest
from fastpix_python import Fastpix, errors, models

from fastpix_viewer.sandbox.seed import DOCS_RECORDING


@pytest.fixture
def sdk(sandbox):
    client = httpx.Client(timeout=10)
    sdk = Fastpix(
        security=models.Security(username=sandbox.token_id, password=sandbox.secret_key),
        server_url=sandbox.api_base,
        client=client,
        retry_config=None,
    )
    yield sdk
    client.close()


def test_sdk_lists_and_gets_every_stream(sdk):
    streams = []
    offset, pages = 1, None
    while pages is None or offset <= pages:
        page = sdk.manage_live_stream.get_all_streams(limit=4, offset=offset, order_by="desc")
        streams.extend(page.data)
        pages = page.pagination.offset_count
        offset += 1
    assert len(streams) == page.pagination.total_records == len({s.stream_id for s in streams}) >= 6
    for stream in streams:
        got = sdk.manage_live_stream.get_live_stream_by_id(stream_id=stream.stream_id)
        assert got.data.stream_id == stream.stream_id and got.data.status == stream.status
        for playback in got.data.playback_ids:
            one = sdk.live_playback.get_live_stream_playback_id(
                stream_id=stream.stream_id, playback_id=playback.id)
            assert one.data.access_policy == playback.access_policy
        views = sdk.manage_live_stream.get_live_stream_viewer_count_by_id(stream_id=stream.stream_id)
        assert (views.data.views > 0) == (stream.status == "active")
        clips = sdk.manage_videos.list_live_clips(livestream_id=stream.stream_id, limit=50)
        assert all(c.stream_id == stream.stream_id for c in clips.data)


def test_sdk_lists_and_gets_every_media(sdk):
    media = []
    offset, pages, refused = 1, None, 0
    while pages is None or offset <= pages:
        try:
            page = sdk.manage_videos.list_media(limit=1, offset=offset)
        except errors.ResponseValidationError as problem:
            # SDK 1.2.0 wants float durations; FastPix's own docs example says "00:00:10".
            assert DOCS_RECORDING["id"] in str(problem)
            refused += 1
        else:
            media.extend(page.data)
            pages = page.pagination.offset_count
        offset += 1
    assert refused == 1
    assert len(media) + refused == page.pagination.total_records == len({m.id for m in media}) + 1 >= 25
    # Statuses outside the spec's enum (and lowercase ones) pass through the SDK as plain text.
    assert {"Ready", "Processing", "Failed", "ready"} <= {m.status for m in media}
    for item in media:
        got = sdk.manage_videos.get_media(media_id=item.id)
        assert got.data.id == item.id and got.data.duration == item.duration
        ids = sdk.playback.list_playback_ids(media_id=item.id)
        assert [p.id for p in ids.data] == [p.id for p in item.playback_ids]
        for playback in item.playback_ids:
            one = sdk.playback.get_playback_id(media_id=item.id, playback_id=playback.id)
            assert one.data.access_policy == playback.access_policy
        clips = sdk.manage_videos.get_media_clips(source_media_id=item.id, limit=50)
        assert all(c.source_media_id == item.id for c in clips.data or [])


def test_the_sdk_check_can_fail_on_the_old_wire(wire_may):
    """On the May 2026 wire (duration "HH:MM:SS") the same SDK refuses the media:
    so the passing tests above really exercise its strict validation."""
    from fastpix_python import errors

    with httpx.Client(timeout=10) as client:
        sdk = Fastpix(security=models.Security(username=wire_may.token_id, password=wire_may.secret_key),
                      server_url=wire_may.api_base, client=client, retry_config=None)
        with pytest.raises(errors.ResponseValidationError):
            sdk.manage_videos.list_media(limit=5)


def test_sdk_requests_ai_features_subtitles_and_reads_views(sdk, sandbox):
    media = next(m for m in sandbox.workspace.page_media(50, 1).items
                 if m.status == "Ready" and m.asset == "multilang" and m.span is None)
    ai = sdk.in_video_ai_features
    assert ai.update_media_summary(media_id=media.id, generate=True, summary_length=60).data.is_generated_summary
    assert ai.update_media_chapters(media_id=media.id, chapters=True).data.is_generated_chapters
    assert ai.update_media_named_entities(media_id=media.id, named_entities=True).data.is_generated_named_entities
    assert ai.update_media_moderation(media_id=media.id, moderation={"type": "av"}).data.is_moderation_enabled
    got = sdk.manage_videos.get_media(media_id=media.id).data  # (the SDK's Media has no AI fields)
    audio = next(t for t in got.tracks if getattr(t, "type", None) == "audio")
    track = sdk.manage_videos.generate_subtitle_track(media_id=media.id, track_id=audio.id,
                                                      language_name="English", language_code="en-US").data
    assert track.language_code == "en-US" and track.type == "subtitle"
    series = sdk.metrics.get_timeseries_data(metric_id="views", timespan="24:hours", group_by="hour",
                                             filterby=f"media_id:{media.id}")
    assert series.success and len(series.data) >= 24 and series.meta_data.granularity == "hour"
