"""Finding seed items in the sandbox by what they are (never by hard-coded IDs or titles).
Each folder keeps its own predicates (what "public and ready" means differs per folder)."""

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
