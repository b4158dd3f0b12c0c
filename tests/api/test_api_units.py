"""Small pure pieces: URL joining, base validation, IDs, URL builders, tolerant field readers."""

from __future__ import annotations

import pytest

from fastpix_viewer.api import ids
from fastpix_viewer.api.config import Endpoints, join_url, workspace_from_env
from fastpix_viewer.api.errors import ConfigError, InputError, InvalidIdError
from fastpix_viewer.api.models import MediaState, media_state, parse_duration, parse_mp4_support
from fastpix_viewer.api.playback import gif_url, hls_url, m4a_url, mp4_url, share_url, thumbnail_url

PID = "fad6fa6b-c7bc-42aa-85f7-3105d71b5f98"


@pytest.mark.parametrize(
    ("base", "path", "joined"),
    [("http://h/v1", "on-demand", "http://h/v1/on-demand"), ("http://h/v1/", "/on-demand", "http://h/v1/on-demand"),
     ("http://h/a/b//", "//c", "http://h/a/b/c"), ("http://h", "x.m3u8", "http://h/x.m3u8")],
)
def test_join_url_keeps_the_prefix(base, path, joined):
    assert join_url(base, path) == joined


@pytest.mark.parametrize(
    "base",
    ["http://api.example.com/v1", "ftp://127.0.0.1/", "https://", "not a url", "https://u:p@api.fastpix.com/v1",
     "https://api.fastpix.com/v1?x=1", "http://127.0.0.1:99999/v1", "http://10.0.0.1/v1"],
)
def test_unusable_bases_are_config_errors(base):
    with pytest.raises(ConfigError):
        Endpoints(api_base=base)


@pytest.mark.parametrize("base", ["http://127.0.0.1:8000/v1", "http://localhost/v1", "http://[::1]:5/v1",
                                  "http://127.5.6.7/v1", "https://api.fastpix.com/v1/"])
def test_loopback_http_and_https_are_fine(base):
    assert Endpoints(api_base=base).api("live/streams") == base.rstrip("/") + "/live/streams"


def test_environment_workspace():
    env = {"FASTPIX_TOKEN_ID": "tid", "FASTPIX_SECRET_KEY": "sec-value", "FASTPIX_STREAM_BASE": "http://127.0.0.1:1/s/"}
    workspace = workspace_from_env(env)
    assert workspace.endpoints.stream_base == "http://127.0.0.1:1/s"
    assert workspace.endpoints.api_base == "https://api.fastpix.com/v1"
    assert "sec-value" not in repr(workspace)
    assert workspace_from_env({"FASTPIX_TOKEN_ID": "tid"}) is None


def test_id_validation():
    assert ids.media_id(PID) == PID
    assert ids.stream_id("04f2ff997551bfeb99db3e099e8e85c8")
    for bad in ("", "x", PID + "0", PID.replace("-", ""), "04f2ff997551bfeb99db3e099e8e85c", "../" + PID):
        with pytest.raises(InvalidIdError):
            ids.media_id(bad)
    for bad in ("", "x", PID, "04f2ff997551bfeb99db3e099e8e85c", "04f2ff997551bfeb99db3e099e8e85cz", "../" + "0" * 29):
        with pytest.raises(InvalidIdError):
            ids.stream_id(bad)


def test_playback_urls():
    e = Endpoints("https://api.fastpix.com/v1", "https://stream.fastpix.com", "https://images.fastpix.com")
    assert hls_url(e, PID) == f"https://stream.fastpix.com/{PID}.m3u8"
    assert hls_url(e, PID, token="T", max_resolution="720P", dvr=True) == \
        f"https://stream.fastpix.com/{PID}.m3u8?maxResolution=720p&dvrMode=true&token=T"
    assert hls_url(e, PID, resolution="480p").endswith("?resolution=480p")
    assert thumbnail_url(e, PID, fmt="webp", time=2.5, width=320, height=180) == \
        f"https://images.fastpix.com/{PID}/thumbnail.webp?time=2.5&width=320&height=180"
    assert thumbnail_url(e, PID) == f"https://images.fastpix.com/{PID}/thumbnail.jpg"
    assert gif_url(e, PID) == f"https://images.fastpix.com/{PID}/clip.gif"
    assert mp4_url(e, PID) == f"https://stream.fastpix.com/{PID}/capped-4k.mp4"
    assert m4a_url(e, PID, token="T") == f"https://stream.fastpix.com/{PID}/audio.m4a?token=T"
    assert share_url(PID) == f"https://play.fastpix.com/?playbackId={PID}"
    with pytest.raises(InputError):
        hls_url(e, PID, max_resolution="999p")
    with pytest.raises(InputError):
        thumbnail_url(e, PID, fmt="gif")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        thumbnail_url(e, PID, width=0)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("00:03:03", 183.0), ("1:02:03", 3723.0), ("02:03", 123.0), ("00:00:10.5", 10.5), (183, 183.0), (12.25, 12.25),
     ("42.5", 42.5), (None, None), ("", None), ("abc", None), (True, None), (-1, None), (float("inf"), None),
     ("00:61:00", None), ([], None)],
)
def test_duration_forms(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("status", "state"),
    [("Ready", MediaState.READY), ("READY", MediaState.READY), ("ready", MediaState.READY), ("Failed", MediaState.FAILED),
     ("fAiLeD", MediaState.FAILED), ("Processing", MediaState.PROCESSING), ("In Queue", MediaState.PROCESSING),
     ("waiting", MediaState.PROCESSING), ("something-new", MediaState.PROCESSING), (None, MediaState.PROCESSING)],
)
def test_statuses_any_case_unknown_means_processing(status, state):
    assert media_state(status) is state


def test_mp4_support_forms():
    assert [(r.type, r.ext) for r in parse_mp4_support("audioOnly,capped_4k")] == [("audioOnly", "m4a"), ("capped_4k", "mp4")]
    assert parse_mp4_support("none") == ()
    listed = parse_mp4_support([{"type": "capped_4k", "status": "Preparing", "width": 1920, "height": 1080, "ext": "mp4"},
                                {"type": "audioOnly", "status": "ready", "ext": "m4a"}, "junk", {"no": "type"}])
    assert [(r.type, r.status, r.height, r.maybe_ready) for r in listed] == [
        ("capped_4k", "preparing", 1080, False), ("audioOnly", "ready", None, True)]


def test_tls_uses_the_os_trust_store_and_verifies():
    import ssl

    import truststore

    from fastpix_viewer.api.http import default_ssl_context

    context = default_ssl_context()
    assert isinstance(context, truststore.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_only_an_https_proxy_is_taken_from_the_environment():
    from fastpix_viewer.api.http import https_proxy_from_env

    assert https_proxy_from_env({"HTTPS_PROXY": "http://proxy:3128"}) == "http://proxy:3128"
    assert https_proxy_from_env({"HTTP_PROXY": "http://proxy:3128"}) is None


def _media(**fields):
    from fastpix_viewer.api.models import parse_media

    return parse_media({"id": PID, "status": "Ready", **fields})


def test_media_kind_title_and_duration_text():
    from fastpix_viewer.api.models import parse_stream
    from fastpix_viewer.api.recordings import RecordingIndex

    stream = parse_stream({"streamId": "a" * 32, "mediaIds": [PID]})
    known = RecordingIndex.from_streams([stream])
    # A recording is what a stream lists, with or without streamId (FastPix's docs example has none).
    recording = _media(metadata={"livestream_name": "Weekly town hall"})
    assert known.kind(recording) == "recording" and recording.display_title == "Weekly town hall"
    assert known.stream_of(PID) == "a" * 32
    other = "0b7f0a4e-7d7b-4a7e-9c7e-2f1d3c4b5a69"
    assert known.kind(_media(id=other, streamId="a" * 32)) == "live clip"  # in no mediaIds
    assert known.kind(_media(id=other, streamId="a" * 32, sourceMediaId=PID)) == "clip"
    assert known.kind(_media(id=other)) == "upload" and _media().display_title == PID
    # Until the streams are known nothing is called an upload or a live clip.
    assert RecordingIndex().kind(_media(id=other, streamId="a" * 32)) == "media"
    assert RecordingIndex().kind(_media(id=other, sourceMediaId=PID)) == "clip"
    assert _media(title="Own title", metadata={"livestream_name": "x"}).display_title == "Own title"
    # FastPix reports 0 (or nothing) until a media is ready: unknown, not "0:00"
    assert _media(status="Processing", duration=0).display_duration == "—"
    assert _media(status="Failed").display_duration == "—"
    assert _media(duration=75).display_duration == "1:15"
    assert _media(duration="00:01:15").display_duration == "1:15"


def test_share_links_and_playback_choose_the_same_playback_id():
    from fastpix_viewer.api.playback import choose_playback, share_playback_id

    restricted = {"id": "11111111-1111-4111-8111-111111111111", "accessPolicy": "public",
                  "accessRestrictions": {"domains": {"defaultPolicy": "deny", "allow": ["example.com"]}}}
    open_public = {"id": "22222222-2222-4222-8222-222222222222", "accessPolicy": "public"}
    private = {"id": "33333333-3333-4333-8333-333333333333", "accessPolicy": "private"}
    drm = {"id": "44444444-4444-4444-8444-444444444444", "accessPolicy": "drm"}
    endpoints = Endpoints()
    for pids, expected in [([drm, private, restricted, open_public], open_public["id"]),
                           ([drm, private], private["id"]), ([drm], drm["id"]), ([{"id": "../x", "accessPolicy": "public"}], None)]:
        media = _media(playbackIds=pids)
        assert share_playback_id(media) == expected
        assert choose_playback(media, endpoints=endpoints).playback_id == expected


def test_a_public_media_never_reads_the_signing_key(monkeypatch):
    """Reading the key imports `cryptography` (~0.1 s holding the GIL: the first thumbnails
    stalled the window, issue 15), and an unreadable key must not stop public playback."""
    from fastpix_viewer.api import signing
    from fastpix_viewer.api.client import FastPixClient
    from fastpix_viewer.api.config import Workspace
    from fastpix_viewer.api.playback import Unplayable

    reads = []
    real = signing.SigningKey.from_fastpix
    monkeypatch.setattr(signing.SigningKey, "from_fastpix",
                        classmethod(lambda cls, *a, **k: reads.append(1) or real(*a, **k)))
    workspace = Workspace(token_id="t", secret_key="s3cr3t-value", signing_key_id="kid",
                          signing_key="bm90IGEga2V5")  # base64 of "not a key": unreadable
    with FastPixClient(workspace) as client:
        public = _media(playbackIds=[{"id": "22222222-2222-4222-8222-222222222222", "accessPolicy": "public"},
                                     {"id": "33333333-3333-4333-8333-333333333333", "accessPolicy": "private"}])
        plan = client.choose_playback(public)
        assert not isinstance(plan, Unplayable) and plan.access_policy == "public"
        assert reads == []
        private = _media(playbackIds=[{"id": "33333333-3333-4333-8333-333333333333", "accessPolicy": "private"}])
        with pytest.raises(ConfigError, match="signing key"):
            client.choose_playback(private)
        assert reads == [1]
