"""Finding seed items in the sandbox by what they are (not by hard-coded IDs or titles)."""

from __future__ import annotations

from collections.abc import Callable

from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.models import LiveStream, Media


def policies(item: Media | LiveStream) -> set[str]:
    return {p.access_policy for p in item.playback_ids}


def pick_media(client: FastPixClient, predicate: Callable[[Media], bool]) -> Media:
    for item in client.all_media():
        if isinstance(item, Media) and predicate(item):
            return item
    raise LookupError("the sandbox seed has no such media")


def pick_stream(client: FastPixClient, predicate: Callable[[LiveStream], bool]) -> LiveStream:
    for item in client.all_streams():
        if isinstance(item, LiveStream) and predicate(item):
            return item
    raise LookupError("the sandbox seed has no such stream")


def public_ready(m: Media) -> bool:
    return m.is_ready and policies(m) == {"public"} and not any(p.is_restricted for p in m.playback_ids)


def private_only_ready(m: Media) -> bool:
    return m.is_ready and policies(m) == {"private"}


def drm_only(m: Media) -> bool:
    return policies(m) == {"drm"}


def downloadable_mp4(m: Media) -> bool:
    return public_ready(m) and not m.is_audio_only and any(r.type == "capped_4k" and r.status == "ready" for r in m.mp4_renditions)


def multi_rendition(m: Media) -> bool:
    return public_ready(m) and m.max_resolution == "1080p" and any(r.type == "capped_4k" for r in m.mp4_renditions)
