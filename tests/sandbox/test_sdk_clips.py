"""FastPix's official Python SDK (strict models nobody here wrote) drives the sandbox's clip,
MP4 and playback-ID endpoints: its request bodies are accepted and its models parse the answers."""

from __future__ import annotations

import httpx
import pytest
from fastpix_python import Fastpix, errors, models
from media_picks import seed_media


@pytest.fixture
def sdk(sandbox):
    client = httpx.Client(timeout=10)
    yield Fastpix(security=models.Security(username=sandbox.token_id, password=sandbox.secret_key),
                  server_url=sandbox.api_base, client=client, retry_config=None)
    client.close()


def test_the_sdk_creates_a_clip_and_finds_it_among_the_sources_clips(sdk, sandbox):
    source, _pid = seed_media(sandbox, asset="multires")
    created = sdk.input_video.create_media(
        inputs=[{"type": "video", "url": f"fp_mediaId://{source.id}", "start_time": 2, "end_time": 6}],
        access_policy="private", metadata={"from": "sdk"}, mp4_support="capped_4k",
    )
    assert created.data.status == "Created" and created.data.playback_ids[0].access_policy == "private"
    got = sdk.manage_videos.get_media(media_id=created.data.id).data
    assert got.source_media_id == source.id and got.metadata == {"from": "sdk"}
    clips = sdk.manage_videos.get_media_clips(source_media_id=source.id, limit=50)
    assert created.data.id in [c.id for c in clips.data]


def test_the_sdk_updates_mp4_support(sdk, sandbox):
    media, _pid = seed_media(sandbox, asset="bars")
    answer = sdk.manage_videos.updated_mp4_support(media_id=media.id, mp4_support="audioOnly,capped_4k")
    assert answer.success and sandbox.workspace.media(media.id).mp4_support == ("audioOnly", "capped_4k")


def test_the_sdk_adds_and_deletes_playback_ids_of_media_and_streams(sdk, sandbox):
    media, old = seed_media(sandbox, asset="multires")
    added = sdk.playback.create_media_playback_id(media_id=media.id, access_policy="public").data
    assert [p.id for p in sdk.playback.list_playback_ids(media_id=media.id).data] == [old, added.id]
    sdk.playback.delete_media_playback_id(media_id=media.id, playback_id=added.id)
    assert [p.id for p in sdk.playback.list_playback_ids(media_id=media.id).data] == [old]
    stream = sandbox.workspace.page_streams(1, 1).items[0]
    live = sdk.live_playback.create_playback_id_of_stream(stream_id=stream.id, access_policy="private").data
    assert live.access_policy == "private"
    sdk.live_playback.delete_playback_id_of_stream(stream_id=stream.id, playback_id=live.id)
    assert live.id not in [p.id for p in sdk.manage_live_stream.get_live_stream_by_id(stream_id=stream.id).data.playback_ids]


def test_the_sdk_reads_a_refused_clip_as_its_typed_validation_error(sdk, sandbox):
    """The sandbox's 422 body fits the SDK's own ValidationErrorResponse model."""
    source, _pid = seed_media(sandbox, asset="multires")
    with pytest.raises(errors.ValidationErrorResponse) as refused:
        sdk.input_video.create_media(
            inputs=[{"type": "video", "url": f"fp_mediaId://{source.id}", "start_time": 6, "end_time": 2}],
            access_policy="public")
    assert refused.value.http_res.status_code == 422 and "endTime: must be greater than startTime" in str(refused.value)
