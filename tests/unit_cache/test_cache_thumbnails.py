"""Thumbnail fetching without Qt: real HTTP to the sandbox's image host, disk cache keyed without tokens."""

from __future__ import annotations

import httpx
import pytest

from fastpix_viewer.api import Endpoints, FastPixClient, Workspace
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.api.models import Media
from fastpix_viewer.cache.disk_cache import DiskCache
from fastpix_viewer.cache.thumbnails import (
    ThumbSpec,
    fetch_thumbnail,
    looks_like_image,
    thumbnail_key,
)

SPEC = ThumbSpec(64, 36)


class RecordingTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        return super().handle_request(request)


@pytest.fixture
def client(sandbox):
    transport = RecordingTransport()
    workspace = Workspace(token_id=sandbox.token_id, secret_key=sandbox.secret_key,
                          endpoints=Endpoints(sandbox.api_base, sandbox.stream_base, sandbox.image_base),
                          signing_key_id=sandbox.signing_key_id, signing_key=sandbox.signing_key, name="t")
    c = FastPixClient(workspace, transport=transport, retry=RetryPolicy(attempts=1))
    c.recorder = transport  # type: ignore[attr-defined]
    yield c
    c.close()


def media_titled(client: FastPixClient, title: str) -> Media:
    return next(m for m in client.all_media() if isinstance(m, Media) and m.title == title)


def image_requests(client) -> list[str]:
    return [u for u in client.recorder.urls if "/image/" in u]


def test_the_key_ignores_tokens_and_changes_with_every_parameter():
    base = thumbnail_key("http://h/v1", "pid", SPEC)
    assert base == thumbnail_key("http://h/v1/", "pid", SPEC)
    others = {thumbnail_key("http://other/v1", "pid", SPEC), thumbnail_key("http://h/v1", "pid2", SPEC),
              thumbnail_key("http://h/v1", "pid", ThumbSpec(64, 36, "png")),
              thumbnail_key("http://h/v1", "pid", ThumbSpec(320, 180)),
              thumbnail_key("http://h/v1", "pid", ThumbSpec(64, 36, time=3.0))}
    assert base not in others and len(others) == 5


def test_a_private_thumbnail_is_fetched_signed_and_cached_under_a_token_free_name(client, sandbox, tmp_path):
    media = media_titled(client, "Colour bars (private)")
    cache = DiskCache(tmp_path, 1_000_000)
    data = fetch_thumbnail(client, media, SPEC, cache)
    assert data is not None and looks_like_image(data)
    (url,) = image_requests(client)
    token = httpx.URL(url).params.get("token")
    assert token and "width=64" in url and "height=36" in url
    unsigned = httpx.get(url.split("?")[0], params={"width": 64, "height": 36}, timeout=10)
    assert unsigned.status_code in (401, 403)  # the signature was what made it work
    names = [p.name for p in tmp_path.iterdir()]
    pid = media.playback_ids[0].id
    assert names == [thumbnail_key(sandbox.api_base, pid, SPEC) + ".bin"]
    assert token not in names[0] and (tmp_path / names[0]).read_bytes() == data


def test_the_second_fetch_comes_from_disk_even_with_the_image_host_failing(client, sandbox, tmp_path):
    media = media_titled(client, "Colour bars (private)")
    cache = DiskCache(tmp_path, 1_000_000)
    first = fetch_thumbnail(client, media, SPEC, cache)
    sandbox.state.faults.configure("image:status=503", 0)
    before = len(image_requests(client))
    assert fetch_thumbnail(client, media, SPEC, cache) == first
    assert len(image_requests(client)) == before
    from fastpix_viewer.api.errors import FastPixError

    with pytest.raises(FastPixError):  # not cached at this size: the host's failure shows
        fetch_thumbnail(client, media, ThumbSpec(32, 18), cache)


def test_a_corrupt_cached_file_is_fetched_again(client, sandbox, tmp_path):
    media = media_titled(client, "Colour bars (private)")
    cache = DiskCache(tmp_path, 1_000_000)
    key = thumbnail_key(sandbox.api_base, media.playback_ids[0].id, SPEC)
    cache.put(key, b"<html>not an image</html>")
    data = fetch_thumbnail(client, media, SPEC, cache)
    assert data is not None and looks_like_image(data)
    assert cache.get(key) == data
