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
