"""The real FastPix responses recorded in May 2026 (tests/fixtures/observed) parse to the right
values; the official SDK rejects some of them (duration "00:03:03", mp4Support a string)."""

from __future__ import annotations

import json

import pytest
from fpv_api_helpers import FIXTURES

from fastpix_viewer.api.envelope import build_page, data_of, unwrap
from fastpix_viewer.api.errors import BadRequestError, ValidationError
from fastpix_viewer.api.models import (
    MediaState,
    StreamState,
    parse_media,
    parse_playback_id,
    parse_stream,
    read_one,
)


def envelope(name: str, status: int = 200):
    return unwrap(status, (FIXTURES / name).read_bytes())


def test_get_media():
    media = read_one(parse_media, data_of(envelope("get-media.json"), "media"), "media")
    assert media.id == "66b74bdb-c868-4fc8-bc16-ad8e2dfcbc36"
    assert media.title == "720p_3min4sec_h264_"
    assert media.duration == 183.0  # "00:03:03"
    assert media.state is MediaState.READY and media.status == "Ready"
    assert media.max_resolution == "720p" and media.source_resolution == "720"
    assert media.aspect_ratio == "16:9"
    assert not media.is_clip and not media.is_audio_only and media.status_is_known
    assert media.mp4_renditions == ()
    assert [(p.id, p.access_policy) for p in media.playback_ids] == [("fad6fa6b-c7bc-42aa-85f7-3105d71b5f98", "public")]
    assert media.playback_ids[0].domains.default_policy == "allow"
    assert not media.playback_ids[0].is_restricted
    audio, video = media.tracks
    assert (audio.type, audio.language_code, audio.language_name, audio.status) == ("audio", "und", "default", "available")
    assert (video.type, video.width, video.height, video.frame_rate) == ("video", 1280, 720, "24.000")
    assert media.raw["workspaceId"] == "fd9197bb-8cfa-4569-b046-a30fb95e2381"  # unknown-to-us fields kept


def test_list_media_page_with_pagination():
    page = build_page(envelope("list-media_limit1.json"), 1, parse_media, "media")
    assert page.pagination.total_records == 15 and page.pagination.offset_count == 15
    assert page.pagination.current_offset == 1
    (media,) = page.readable
    assert media.id == "2bf68fd8-fe56-46a2-b421-15ad76c016d9"
    assert media.title is None and media.display_title == media.id
    assert media.duration == 10.0
    assert media.metadata == {"source": "non-get-validator"}
    assert [t.status for t in media.tracks] == ["Ready", "Ready"]
    assert media.tracks[0].frame_rate == "60.000"


def test_patch_update_mp4_support_legacy_string_form():
    media = read_one(parse_media, data_of(envelope("patch-update-mp4Support.json"), "media"), "media")
    assert [(r.type, r.status, r.ext) for r in media.mp4_renditions] == [("capped_4k", None, "mp4")]
    assert media.mp4_renditions[0].maybe_ready
    assert len(media.playback_ids) == 2
    assert [t.type for t in media.tracks] == ["subtitle", "audio", "video", "audio"]
    assert media.tracks[1].language_name == "Italian"
    assert media.metadata == {"updated": "true"}
    # the recorded thumbnail names a retired .io host; it is kept only as raw data
    assert media.raw["thumbnail"].startswith("https://images.fastpix.io/")


def test_list_streams_page():
    page = build_page(envelope("get-all-streams_limit5.json"), 1, parse_stream, "live stream")
    assert page.pagination.total_records == 2 and page.pagination.offset_count == 1
    first, second = page.readable
    assert first.stream_id == "2e5ecebd2883279a1f67c19d8d99fa2a"
    assert first.state is StreamState.IDLE and first.metadata == {} and first.simulcasts == ()
    assert first.media_ids == () and first.latest_recording_id is None
    assert second.name == "fastpix_livestream" and second.enable_dvr_mode is True
    assert second.max_duration == 0 and second.reconnect_window == 60
    (simulcast,) = second.simulcasts
    assert simulcast.id == "c0da2202b40efcc3dd25718c40aba9c8" and simulcast.enabled is True
    assert simulcast.metadata == {"livestream_name": "Tech-Connect Summit"}


def test_stream_secrets_are_masked_in_raw():
    stream = read_one(parse_stream, data_of(envelope("get-live-stream-by-id.json"), "stream"), "stream")
    assert stream.raw["streamKey"] == "<redacted>"
    assert stream.raw["srtPlaybackResponse"]["srtPlaybackSecret"] == "<redacted>"
    assert stream.raw["simulcastResponses"][0]["streamKey"] == "<redacted>"
    raw = json.loads((FIXTURES / "get-live-stream-by-id.json").read_text())["data"]
    raw["streamKey"] = "live_sk_REAL_SECRET"
    assert "live_sk_REAL_SECRET" not in json.dumps(parse_stream(raw).raw)
    assert "live_sk_REAL_SECRET" not in repr(parse_stream(raw))


def test_created_stream():
    stream = read_one(parse_stream, data_of(envelope("post-create-new-stream.json"), "stream"), "stream")
    assert stream.stream_id == "91b8484250e5a1ed03fd4e100b807082"
    assert stream.enable_recording is True and stream.trial is False


@pytest.mark.parametrize(
    ("name", "pid", "restricted_info"),
    [("get-live-stream-playback-id.json", "e3d28adb-df80-4a57-adf5-46522ffa3eff", None),
     ("get-media-playback-id.json", "fad6fa6b-c7bc-42aa-85f7-3105d71b5f98", "allow")],
)
def test_playback_ids(name, pid, restricted_info):
    playback = read_one(parse_playback_id, data_of(envelope(name), "playback"), "playback")
    assert playback.id == pid and playback.access_policy == "public"
    assert (playback.domains.default_policy if playback.domains else None) == restricted_info


def test_list_playback_ids_without_pagination():
    page = build_page(envelope("list-playback-ids.json"), 1, parse_playback_id, "playback ID")
    assert [p.id for p in page.readable] == ["fad6fa6b-c7bc-42aa-85f7-3105d71b5f98"]
    assert page.pagination.offset_count is None


def test_empty_live_clips_page():
    page = build_page(envelope("list-live-clips.json"), 1, parse_media, "live clip")
    assert page.items == () and page.pagination.offset_count == 0


def test_recorded_errors():
    with pytest.raises(BadRequestError) as bad:
        envelope("error-400-complete-live-stream.json", 400)
    assert bad.value.user_message == "FastPix refused the request: Only active streams can be marked as completed."
    assert bad.value.code == 400 and bad.value.message == "stream cannot be completed"
    with pytest.raises(ValidationError) as invalid:
        envelope("error-422-validation.json", 422)
    assert [(f.field, f.message) for f in invalid.value.fields] == [("drmConfigurationId", "is invalid")]
    assert invalid.value.user_message == "FastPix rejected the request's data: drmConfigurationId is invalid."
