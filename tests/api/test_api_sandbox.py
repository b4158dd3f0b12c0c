"""Every endpoint against the sandbox over real HTTP (seed workspace, reset before each test)."""

from __future__ import annotations

import base64
import math

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from fpv_api_helpers import sandbox_workspace
from fpv_support.sandboxes import running_sandbox
from sandbox_picks import (
    drm_only,
    multi_rendition,
    pick_media,
    pick_stream,
    policies,
    private_only_ready,
    public_ready,
)

from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.errors import (
    AuthenticationError,
    BadPlaybackParameter,
    InputError,
    InvalidIdError,
    NotFoundError,
    PlaybackForbidden,
    PlaybackNotFound,
    PlaybackTokenRejected,
    StreamNotReady,
)
from fastpix_viewer.api.models import LiveStream, Media, MediaState, Unreadable
from fastpix_viewer.api.playback import (
    SIGN_MARGIN_S,
    PlaybackPlan,
    Unplayable,
    UnplayableReason,
    hls_url,
    thumbnail_url,
)
from fastpix_viewer.api.recordings import RecordingIndex


def raw_get(sandbox, path: str, **params) -> dict:
    """The sandbox's own answer, fetched without our client, to compare against."""
    response = httpx.get(f"{sandbox.api_base}/{path}", params=params, auth=(sandbox.token_id, sandbox.secret_key))
    response.raise_for_status()
    return response.json()


# --- listing and getting -------------------------------------------------------------------


def test_all_streams_across_small_pages_match_the_workspace(sandbox):
    expected = raw_get(sandbox, "live/streams", limit=50)
    with FastPixClient(sandbox_workspace(sandbox), page_size=2) as client:
        pages = list(client.iter_stream_pages())
    assert len(pages) == expected["pagination"]["totalRecords"] // 2 + (expected["pagination"]["totalRecords"] % 2)
    streams = [s for page in pages for s in page.items]
    assert not any(isinstance(s, Unreadable) for s in streams)
    assert [s.stream_id for s in streams] == [s["streamId"] for s in expected["data"]]
    assert {s.state.value for s in streams} >= {"idle", "active", "disabled", "preparing"}


def test_get_stream_and_its_latest_recording(client):
    stream = pick_stream(client, lambda s: len(s.media_ids) >= 2)
    again = client.get_stream(stream.stream_id)
    assert again.media_ids == stream.media_ids and again.status == stream.status
    assert again.raw.get("streamKey") in (None, "<redacted>")
    recording = client.get_media(again.latest_recording_id)
    assert recording.id in stream.media_ids and recording.stream_id in (None, stream.stream_id)


def test_media_list_get_and_recordings(client, sandbox):
    items = client.all_media()
    media = [m for m in items if isinstance(m, Media)]
    assert len(media) == raw_get(sandbox, "on-demand", limit=1)["pagination"]["totalRecords"]
    index = RecordingIndex.from_streams(client.all_streams())
    recordings = [m for m in media if index.is_recording(m)]
    clips = [m for m in media if m.is_clip]
    assert recordings and clips
    assert all(not m.source_media_id for m in recordings)
    assert any(not m.stream_id for m in recordings)  # FastPix's docs example has no streamId
    one = client.get_media(recordings[0].id)
    assert (one.id, one.title, one.status, one.duration) == (
        recordings[0].id, recordings[0].title, recordings[0].status, recordings[0].duration)
    assert {m.state for m in media} == {MediaState.READY, MediaState.PROCESSING, MediaState.FAILED}
    assert {m.status for m in media if not m.status_is_known} == {"Transcoding", "Queued"}


def test_polling_waits_until_processing_media_is_ready(client, sandbox):
    processing = pick_media(client, lambda m: m.status == "Processing")
    httpx.post(f"{sandbox.control_base}/config", json={"processing_delay": 0.3}).raise_for_status()
    seen: list[str] = []
    final = client.poll_media(processing.id, interval=0.1, on_update=lambda m: seen.append(m.status))
    assert final.is_ready and seen[0] == "Processing" and seen[-1] == "Ready"


def test_polling_stops_on_failed_and_can_be_cancelled(client):
    from fastpix_viewer.api.cancel import CancelToken
    from fastpix_viewer.api.errors import Cancelled

    failed = pick_media(client, lambda m: m.is_failed)
    assert client.poll_media(failed.id, interval=60).is_failed  # returns at once, no waiting
    processing = pick_media(client, lambda m: m.status == "Processing")
    cancel = CancelToken()
    with pytest.raises(Cancelled):
        client.poll_media(processing.id, interval=60, cancel=cancel, on_update=lambda m: cancel.cancel())


def test_live_clips_of_a_stream(client):
    stream = pick_stream(client, lambda s: client.live_clips_page(s.stream_id).pagination.total_records)
    clips = client.all_live_clips(stream.stream_id)
    assert clips and all(isinstance(c, Media) and c.stream_id == stream.stream_id for c in clips)


def test_playback_ids_endpoints(client):
    media = pick_media(client, lambda m: len(m.playback_ids) >= 2)
    listed = client.media_playback_ids(media.id)
    assert [(p.id, p.access_policy) for p in listed] == [(p.id, p.access_policy) for p in media.playback_ids]
    one = client.get_media_playback_id(media.id, listed[1].id)
    assert one.id == listed[1].id
    stream = pick_stream(client, lambda s: bool(s.playback_ids))
    live = client.get_stream_playback_id(stream.stream_id, stream.playback_ids[0].id)
    assert live.access_policy == stream.playback_ids[0].access_policy


def test_update_title_and_metadata(client, sandbox):
    media = pick_media(client, public_ready)
    updated = client.update_media(media.id, title="Neuer Titel ✓", metadata={"owner": "qa", "note": "<b>plain</b>"})
    assert updated.title == "Neuer Titel ✓"
    stored = raw_get(sandbox, f"on-demand/{media.id}")["data"]
    assert stored["title"] == "Neuer Titel ✓"
    assert stored["metadata"] == {"owner": "qa", "note": "<b>plain</b>"}


@pytest.mark.parametrize(
    ("title", "metadata", "words"),
    [
        (None, {f"k{i}": "v" for i in range(11)}, "at most 10"),
        (None, {"k": "v" * 256}, "255"),
        (None, {"k" * 256: "v"}, "255"),
        ("t" * 256, None, "255"),
        ("", None, "empty"),
        (None, None, "Nothing to change"),
    ],
)
def test_update_limits_are_checked_before_sending(client, sandbox, title, metadata, words):
    media = pick_media(client, public_ready)
    before = raw_get(sandbox, f"on-demand/{media.id}")["data"]
    with pytest.raises(InputError) as caught:
        client.update_media(media.id, title=title, metadata=metadata)
    assert words in caught.value.user_message
    assert raw_get(sandbox, f"on-demand/{media.id}")["data"] == before


def test_ten_pairs_of_255_characters_are_accepted(client, sandbox):
    media = pick_media(client, public_ready)
    pairs = {f"{i:02d}" + "k" * 253: "v" * 255 for i in range(10)}
    client.update_media(media.id, metadata=pairs)
    assert raw_get(sandbox, f"on-demand/{media.id}")["data"]["metadata"] == pairs


# --- failures ---------------------------------------------------------------------------------


def test_wrong_credentials(sandbox):
    with FastPixClient(sandbox_workspace(sandbox, secret_key="definitely-wrong-secret")) as bad:
        with pytest.raises(AuthenticationError) as caught:
            bad.all_streams()
    assert caught.value.status == 401
    assert "access token ID and secret key" in caught.value.user_message


def test_unknown_ids(client):
    with pytest.raises(NotFoundError) as media:
        client.get_media("00000000-0000-4000-8000-000000000000")
    assert "00000000-0000-4000-8000-000000000000" in media.value.user_message
    with pytest.raises(NotFoundError):
        client.get_stream("0" * 32)
    with pytest.raises(NotFoundError):
        client.media_playback_ids("00000000-0000-4000-8000-000000000000")


@pytest.mark.parametrize("bad", ["", "../../etc/passwd", "abc", "1" * 33, "66b74bdb-c868-4fc8-bc16-ad8e2dfcbc3g", "x?y=1"])
def test_invalid_ids_never_reach_a_url(client, bad):
    with pytest.raises(InvalidIdError):
        client.get_media(bad)
    with pytest.raises(InvalidIdError):
        client.get_stream(bad)
    with pytest.raises(InvalidIdError):
        hls_url(client.endpoints, bad)


def test_bad_page_arguments_are_refused(client):
    with pytest.raises(InputError):
        client.media_page(0)
    with pytest.raises(InputError):
        client.media_page(1, limit=51)


# --- playback -----------------------------------------------------------------------------------


def test_public_plan_preflights_with_its_renditions(client):
    media = pick_media(client, multi_rendition)
    plan = client.choose_playback(media)
    assert isinstance(plan, PlaybackPlan) and not plan.signed
    assert plan.url == f"{client.endpoints.stream_base}/{plan.playback_id}.m3u8"
    manifest = client.preflight(plan.url)
    assert manifest.heights[:3] == (1080, 720, 480)
    capped = client.preflight(client.choose_playback(media, max_resolution="720p").url)
    assert max(capped.heights) == 720


def test_manifest_lists_audio_languages_and_subtitles(client):
    def bilingual(m: Media) -> bool:
        return m.is_ready and "public" in policies(m) and sum(t.type == "audio" for t in m.tracks) >= 2

    media = pick_media(client, bilingual)
    manifest = client.preflight(client.choose_playback(media).url)
    assert len(manifest.audio_languages) == 2 and manifest.subtitle_languages


def test_preflight_explains_stream_host_refusals(client, signing_client):
    processing = pick_media(client, lambda m: m.still_processing and "public" in policies(m))
    with pytest.raises(StreamNotReady) as not_ready:
        client.preflight(client.choose_playback(processing).url)
    assert "not ready" in not_ready.value.user_message

    private = pick_media(client, private_only_ready)
    pid = private.playback_ids[0].id
    with pytest.raises(PlaybackTokenRejected) as refused:
        client.preflight(hls_url(client.endpoints, pid))
    assert "signing key" in refused.value.user_message

    with pytest.raises(PlaybackNotFound):
        client.preflight(hls_url(client.endpoints, "00000000-0000-4000-8000-000000000000"))

    public = pick_media(client, public_ready)
    bad_parameter = f"{client.endpoints.stream_base}/{public.playback_ids[0].id}.m3u8?maxResolution=999p"
    with pytest.raises(BadPlaybackParameter) as bad:
        client.preflight(bad_parameter)
    assert "maxResolution" in bad.value.user_message

    # a token signed for another playback ID is refused
    other = pick_media(client, public_ready).playback_ids[0].id
    wrong_token = signing_client.signing_key.sign(other)
    with pytest.raises(PlaybackTokenRejected) as wrong:
        client.preflight(hls_url(client.endpoints, pid, token=wrong_token))
    # worded by whether a token was sent: an unsigned request is told the ID is private,
    # a signed one that its token was refused (not that the ID is private)
    assert "carried none" in refused.value.user_message and "private" in refused.value.user_message
    assert "refused the playback token" in wrong.value.user_message and "private" not in wrong.value.user_message


def test_restricted_and_drm_ids_are_refused_as_forbidden(client):
    drm = pick_media(client, drm_only)
    with pytest.raises(PlaybackForbidden) as refused:
        client.preflight(hls_url(client.endpoints, drm.playback_ids[0].id))
    assert "refused access" in refused.value.user_message and "DRM" in refused.value.user_message

    restricted = pick_media(client, lambda m: m.is_ready and any(p.user_agents and p.user_agents.deny for p in m.playback_ids))
    pid = next(p for p in restricted.playback_ids if p.user_agents and p.user_agents.deny)
    url = hls_url(client.endpoints, pid.id)
    assert client.preflight(url, user_agent="VLC/3.0.21 LibVLC/3.0.21").text.startswith("#EXTM3U")
    with pytest.raises(PlaybackForbidden) as agent:
        client.preflight(url, user_agent=f"{pid.user_agents.deny[0]}/1.0")
    assert "user agent" in agent.value.user_message


def test_choose_playback_for_each_access_policy(client, signing_client):
    private = pick_media(client, private_only_ready)
    reason = client.choose_playback(private)
    assert isinstance(reason, Unplayable) and reason.reason is UnplayableReason.PRIVATE_NEEDS_KEY
    assert "add a signing key" in reason.message

    signed = signing_client.choose_playback(private)
    assert isinstance(signed, PlaybackPlan) and signed.signed and signed.access_policy == "private"
    assert signing_client.preflight(signed.url).text.startswith("#EXTM3U")

    drm = client.choose_playback(pick_media(client, drm_only))
    assert isinstance(drm, Unplayable) and drm.reason is UnplayableReason.DRM
    assert drm.message == "DRM-protected: not playable here; use the share link."
    assert drm.share_url == f"https://play.fastpix.com/?playbackId={drm.playback_id}"

    both = pick_media(client, lambda m: policies(m) == {"public", "private"})
    chosen = signing_client.choose_playback(both)
    assert chosen.access_policy == "public" and not chosen.signed

    stream = pick_stream(client, lambda s: "public" in policies(s))
    assert isinstance(client.choose_playback(stream), PlaybackPlan)


def test_signed_token_verifies_with_the_public_key(sandbox, signing_client):
    private = pick_media(signing_client, private_only_ready)
    plan = signing_client.choose_playback(private)
    key = serialization.load_pem_private_key(base64.b64decode(sandbox.signing_key), password=None)
    claims = jwt.decode(plan.token, key.public_key(), algorithms=["RS256"],
                        audience=f"media:{plan.playback_id}", issuer="fastpix.com")
    assert claims["kid"] == sandbox.signing_key_id and claims["sub"] == ""
    # Signed for the media's whole duration plus a margin when that outlives the usual lifetime.
    lifetime = max(signing_client.token_ttl, math.ceil(private.duration or 0) + SIGN_MARGIN_S)
    assert claims["exp"] - claims["iat"] == lifetime
    assert jwt.get_unverified_header(plan.token) == {"alg": "RS256", "typ": "JWT", "kid": sandbox.signing_key_id}


def test_thumbnails_are_built_from_the_playback_id(client, signing_client):
    media = pick_media(client, public_ready)
    url = thumbnail_url(client.endpoints, media.playback_ids[0].id, fmt="jpg", time=1, width=160)
    assert url.startswith(client.endpoints.image_base + "/")
    image = httpx.get(url)
    assert image.status_code == 200 and image.content[:3] == b"\xff\xd8\xff"

    private = pick_media(client, private_only_ready)
    plan = signing_client.choose_playback(private)
    assert httpx.get(plan.thumbnail_url(client.endpoints, fmt="png")).content[:4] == b"\x89PNG"
    assert httpx.get(thumbnail_url(client.endpoints, plan.playback_id)).status_code == 401


# --- the older wire format, as recorded in May 2026 ------------------------------------------


@pytest.fixture(scope="module")
def old_wire():
    with running_sandbox(wire="2026-05") as server:
        yield server


def test_the_2026_05_wire_reads_the_same_as_the_new_one(client, old_wire):
    with FastPixClient(sandbox_workspace(old_wire)) as old_client:
        old = {m.id: m for m in old_client.all_media() if isinstance(m, Media)}
        assert any(isinstance(m.raw.get("duration"), str) for m in old.values())
        assert any(isinstance(m.raw.get("mp4Support"), str) for m in old.values())
        old_streams = [s for s in old_client.all_streams() if isinstance(s, LiveStream)]
    new = {m.id: m for m in client.all_media() if isinstance(m, Media)}
    assert old.keys() == new.keys()
    for media_id, m in new.items():
        assert old[media_id].state is m.state
        assert (old[media_id].duration is None) == (m.duration is None)
        if m.duration is not None:
            assert old[media_id].duration == pytest.approx(m.duration, abs=1)  # whole seconds in HH:MM:SS
        assert sorted(r.type for r in old[media_id].mp4_renditions) == sorted(r.type for r in m.mp4_renditions)
    assert len(old_streams) == len(client.all_streams())
