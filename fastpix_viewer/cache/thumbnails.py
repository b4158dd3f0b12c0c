"""Thumbnails from the image host, through a disk cache keyed without any token.

The URL is always built from a playback ID (`api.playback.thumbnail_url`), never taken from
a media's `thumbnail` field. Private IDs are signed; the token rides in the URL only. The
cache key hashes the workspace's API base, the playback ID and the image parameters, so the
same picture is found again with a fresh token, or with the image host unreachable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.errors import ProtocolError, playback_error
from fastpix_viewer.api.models import LiveStream, Media, StreamState
from fastpix_viewer.api.playback import ImageFormat, PlaybackPlan, gif_url, thumbnail_url

from .disk_cache import DiskCache

# A thumbnail bigger than this is not a thumbnail; it is not kept.
MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024
FETCH_DEADLINE = 10.0


@dataclass(frozen=True)
class ThumbSpec:
    """What picture to ask for (the parameters that go into the URL and the cache key)."""

    width: int
    height: int
    fmt: ImageFormat = "jpg"
    time: float | None = None  # None: the image host's default (the middle frame)


def thumbnail_key(api_base: str, playback_id: str, spec: ThumbSpec) -> str:
    """A hex cache key; the signing token is deliberately not part of it."""
    time_text = "" if spec.time is None else repr(float(spec.time))
    parts = (api_base.rstrip("/"), playback_id, spec.fmt, str(spec.width), str(spec.height), time_text)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def looks_like_image(data: bytes) -> bool:
    """Whether `data` starts like a JPEG, PNG or WebP file (cheap check against corrupt files)."""
    return (
        data.startswith(b"\xff\xd8\xff")
        or data.startswith(b"\x89PNG\r\n\x1a\n")
        or (len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def wants_thumbnail(item: object) -> bool:
    """Only Ready media have pictures; processing or failed ones keep the placeholder."""
    return isinstance(item, Media) and item.is_ready


def shows_live_picture(item: object) -> bool:
    """A live stream on air has a picture too: the image host's frame of what is on air now
    (from its playback ID, like a media's). Not kept on disk: it changes all the time."""
    return isinstance(item, LiveStream) and item.state is StreamState.ACTIVE


def fetch_thumbnail(
    client: object,
    item: Media | LiveStream,
    spec: ThumbSpec,
    cache: DiskCache | None,
    *,
    cancel: CancelLike | None = None,
) -> bytes | None:
    """The image bytes for `item` at `spec`: from `cache` if there, else from the image host.

    `client` is a `FastPixClient` (its playback choice signs private IDs; its transport is
    shared). None when the item has no playback ID the app may show (e.g. private without a
    signing key, or DRM). Raises FastPixError when the image host refuses or is unreachable.
    """
    plan = client.choose_playback(item)  # type: ignore[attr-defined]
    if not isinstance(plan, PlaybackPlan):
        return None
    endpoints = client.endpoints  # type: ignore[attr-defined]
    key = thumbnail_key(endpoints.api_base, plan.playback_id, spec)
    if cache is not None:
        data = cache.get(key)
        if data is not None and looks_like_image(data):
            return data
        if data is not None:
            cache.discard(key)  # corrupt: fetch it again
    url = thumbnail_url(endpoints, plan.playback_id, fmt=spec.fmt, time=spec.time,
                        width=spec.width, height=spec.height, token=plan.token)
    response = client.transport.request("GET", url, cancel=cancel, deadline=FETCH_DEADLINE)  # type: ignore[attr-defined]
    if response.status != 200:
        raise playback_error(response.status, None, retry_after=response.retry_after, signed=plan.signed)
    data = response.body
    if len(data) > MAX_THUMBNAIL_BYTES or not looks_like_image(data):
        raise ProtocolError("The image host sent something that is not a thumbnail.")
    if cache is not None:
        try:
            cache.put(key, data)
        except OSError:
            pass  # a full or read-only disk costs the cache, not the picture
    return data


MAX_CLIP_BYTES = 8 * 1024 * 1024


def fetch_clip(client: object, item: Media | LiveStream, *, cancel: CancelLike | None = None) -> bytes | None:
    """The animated preview (`clip.gif`) of `item` from the image host, not cached on disk;
    None when the item has no playback ID the app may show. Raises FastPixError when the
    image host refuses (e.g. the workspace offers no animated previews)."""
    plan = client.choose_playback(item)  # type: ignore[attr-defined]
    if not isinstance(plan, PlaybackPlan):
        return None
    url = gif_url(client.endpoints, plan.playback_id, token=plan.token)  # type: ignore[attr-defined]
    response = client.transport.request("GET", url, cancel=cancel, deadline=FETCH_DEADLINE)  # type: ignore[attr-defined]
    if response.status != 200:
        raise playback_error(response.status, None, retry_after=response.retry_after, signed=plan.signed)
    data = response.body
    if len(data) > MAX_CLIP_BYTES or not data.startswith((b"GIF87a", b"GIF89a")):
        raise ProtocolError("The image host sent something that is not an animated preview.")
    return data


__all__ = ["FETCH_DEADLINE", "ThumbSpec", "fetch_clip", "fetch_thumbnail", "looks_like_image",
           "shows_live_picture", "thumbnail_key", "wants_thumbnail"]
