"""Redirects: API calls never follow them (the Basic credentials would go along); stream-host GETs
follow only https (or loopback http) targets, so a playback token is never sent in clear text."""

from __future__ import annotations

import httpx
import pytest

from fastpix_viewer.api.download import download_url
from fastpix_viewer.api.errors import ProtocolError

MEDIA_ID = "66b74bdb-c868-4fc8-bc16-ad8e2dfcbc36"
PLAYBACK_ID = "0b1f6c51-8d2b-4b0c-9a51-6f4c5f1e2d3a"
PLAYLIST = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=640x360\nlow.m3u8\n"


def recorder(routes):
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        for prefix, answer in routes.items():
            if str(request.url).startswith(prefix):
                return answer(request)
        return httpx.Response(599)

    handler.seen = seen  # type: ignore[attr-defined]
    return handler


def test_api_calls_do_not_follow_redirects(mock_client):
    handler = recorder({
        "https://api.example.test/": lambda r: httpx.Response(301, headers={"Location": "https://elsewhere.test/v1/x"}),
    })
    with pytest.raises(ProtocolError) as caught:
        mock_client(handler).get_media(MEDIA_ID)
    assert "redirect" in caught.value.user_message
    assert len(handler.seen) == 1  # nothing was sent to the redirect target


def test_preflight_refuses_a_downgrade_to_plain_http(mock_client):
    handler = recorder({
        "https://stream.example.test/": lambda r: httpx.Response(
            302, headers={"Location": "http://cdn.example.test/x.m3u8?token=abc"}),
    })
    client = mock_client(handler)
    with pytest.raises(ProtocolError) as caught:
        client.preflight(f"https://stream.example.test/{PLAYBACK_ID}.m3u8?token=abc")
    assert "plain http" in caught.value.user_message and "cdn.example.test" in caught.value.user_message
    assert not any(url.startswith("http://") for url in handler.seen)


def test_preflight_follows_an_https_redirect_on_the_stream_host(mock_client):
    handler = recorder({
        f"https://stream.example.test/{PLAYBACK_ID}.m3u8": lambda r: httpx.Response(
            302, headers={"Location": "/moved/x.m3u8"}),
        "https://stream.example.test/moved/": lambda r: httpx.Response(200, text=PLAYLIST),
    })
    manifest = mock_client(handler).preflight(f"https://stream.example.test/{PLAYBACK_ID}.m3u8")
    assert manifest.heights == (360,)
    assert handler.seen[-1] == "https://stream.example.test/moved/x.m3u8"


def test_preflight_refuses_a_redirect_that_leaves_the_configured_hosts(mock_client):
    handler = recorder({
        "https://stream.example.test/": lambda r: httpx.Response(
            302, headers={"Location": "https://cdn.example.test/x.m3u8?token=abc"}),
        "https://cdn.example.test/": lambda r: httpx.Response(200, text=PLAYLIST),
    })
    with pytest.raises(ProtocolError) as caught:
        mock_client(handler).preflight(f"https://stream.example.test/{PLAYBACK_ID}.m3u8?token=abc")
    assert "cdn.example.test" in caught.value.user_message and "not one of" in caught.value.user_message
    assert not any("cdn.example.test" in url for url in handler.seen)


def test_download_refuses_a_redirect_that_leaves_the_configured_hosts(mock_client, tmp_path):
    handler = recorder({
        "https://stream.example.test/": lambda r: httpx.Response(
            307, headers={"Location": "https://evil.example.test/v.mp4?token=abc"}),
        "https://evil.example.test/": lambda r: httpx.Response(200, content=b"\0" * 100),
    })
    client = mock_client(handler)
    with pytest.raises(ProtocolError, match="not one of"):
        download_url(client.transport, f"https://stream.example.test/{PLAYBACK_ID}/capped-4k.mp4?token=abc",
                     tmp_path / "v.mp4")
    assert not any("evil.example.test" in url for url in handler.seen)
    assert list(tmp_path.iterdir()) == []


def test_download_refuses_a_downgrade_to_plain_http(mock_client, tmp_path):
    handler = recorder({
        "https://stream.example.test/": lambda r: httpx.Response(
            307, headers={"Location": "http://cdn.example.test/v.mp4?token=abc"}),
    })
    client = mock_client(handler)
    with pytest.raises(ProtocolError):
        download_url(client.transport, f"https://stream.example.test/{PLAYBACK_ID}/capped-4k.mp4?token=abc",
                     tmp_path / "v.mp4")
    assert not any(url.startswith("http://") for url in handler.seen)
    assert list(tmp_path.iterdir()) == []
