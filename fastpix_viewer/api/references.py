"""Understanding what a user pastes: IDs, stream/image/share URLs, webhook payloads.

`parse_reference` is pure; `resolve_reference` asks FastPix. A bare UUID is tried as a media ID
first, then looked for among the playback IDs of all streams and media (paged, cancellable,
with progress), then reported as not found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from fastpix_viewer.api import ids
from fastpix_viewer.api.cancel import CancelLike, raise_if_cancelled
from fastpix_viewer.api.errors import InvalidReferenceError, NotFoundError
from fastpix_viewer.api.models import LiveStream, Media, Page, Unreadable


class Lookup(Protocol):
    """What resolving a reference needs of `FastPixClient` (named here so this module, which the
    client imports, does not import the client back)."""

    def get_stream(self, stream_id: str, *, cancel: CancelLike | None = None) -> LiveStream: ...

    def get_media(self, media_id: str, *, cancel: CancelLike | None = None) -> Media: ...

    def iter_stream_pages(
        self, *, limit: int | None = None, cancel: CancelLike | None = None
    ) -> Iterator[Page[LiveStream]]: ...

    def iter_media_pages(self, *, limit: int | None = None, cancel: CancelLike | None = None) -> Iterator[Page[Media]]: ...


_UUID_IN_TEXT = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX32_SEGMENT = re.compile(r"^[0-9a-fA-F]{32}$")
MAX_REFERENCE_LENGTH = 1_000_000


class RefKind(StrEnum):
    STREAM = "stream"  # a 32-hex live stream ID
    MEDIA = "media"  # known to be a media ID (webhook data)
    PLAYBACK = "playback"  # known to be a playback ID (stream/image/share URL)
    UUID = "uuid"  # a UUID that may be a media or a playback ID


@dataclass(frozen=True)
class Reference:
    kind: RefKind
    id: str


@dataclass(frozen=True)
class Resolved:
    """What a reference named: a stream or a media, and the playback ID if one was given."""

    item: LiveStream | Media
    playback_id: str | None = None

    @property
    def kind(self) -> str:
        return "stream" if isinstance(self.item, LiveStream) else "media"


Progress = Callable[[str], None]


def _from_webhook(payload: Mapping[str, Any]) -> Reference:
    event = payload.get("type")
    data = payload.get("data") if isinstance(payload.get("data"), Mapping) else {}
    obj = payload.get("object") if isinstance(payload.get("object"), Mapping) else {}
    if not isinstance(event, str):
        raise InvalidReferenceError("That JSON is not a FastPix webhook event (it has no type).")
    candidates: list[object]
    if event.startswith("video.media.live_stream.") or event.startswith("video.media.live_clip."):
        candidates = [data.get("id")]
        kind = RefKind.MEDIA
    elif event.startswith("video.live_stream."):
        candidates = [data.get("streamId"), data.get("id"), obj.get("id")]
        kind = RefKind.STREAM
    elif event.startswith("video.media.") or event.startswith("video.upload."):
        candidates = [data.get("id"), data.get("mediaId"), obj.get("id")]
        kind = RefKind.MEDIA
    else:
        raise InvalidReferenceError("That webhook event does not name a live stream or a media.")
    for candidate in candidates:
        if kind is RefKind.STREAM and isinstance(candidate, str) and ids.is_stream_id(candidate):
            return Reference(kind, candidate)
        if kind is RefKind.MEDIA and isinstance(candidate, str) and ids.is_uuid(candidate):
            return Reference(kind, candidate)
    raise InvalidReferenceError("That webhook event does not carry a valid ID.")


def _from_url(text: str) -> Reference:
    parts = urlsplit(text)
    query = parse_qs(parts.query)
    for key in ("playbackId", "playback_id", "v"):
        for value in query.get(key, []):
            if ids.is_uuid(value):
                return Reference(RefKind.PLAYBACK, value)
    segments = [s for s in parts.path.split("/") if s]
    host = (parts.hostname or "").lower()
    for segment in segments:
        stem = segment.split(".")[0]
        if ids.is_uuid(stem):
            # stream.*/<pid>.m3u8, stream.*/<pid>/capped-4k.mp4, images.*/<pid>/thumbnail.jpg
            looks_like_playback = segment.endswith(".m3u8") or host.startswith(("stream.", "images.", "image.")) or any(
                s.split(".")[0] in ("thumbnail", "clip", "capped-4k", "audio", "spritesheet") for s in segments
            )
            return Reference(RefKind.PLAYBACK if looks_like_playback else RefKind.UUID, stem)
        if _HEX32_SEGMENT.match(stem):
            return Reference(RefKind.STREAM, stem)
    raise InvalidReferenceError("That link does not contain a FastPix stream, media or playback ID.")


def parse_reference(text: str) -> Reference:
    """Classify pasted text without any network access."""
    if not isinstance(text, str):
        raise InvalidReferenceError()
    text = text.strip().strip("\"'<>")
    if not text:
        raise InvalidReferenceError("Nothing was given: paste an ID, a link or a webhook payload.")
    if len(text) > MAX_REFERENCE_LENGTH:
        raise InvalidReferenceError("That text is too long to be a FastPix reference.")
    if ids.is_stream_id(text):
        return Reference(RefKind.STREAM, text.lower())
    if ids.is_uuid(text):
        return Reference(RefKind.UUID, text.lower())
    if text.startswith("{"):
        try:
            payload = json.loads(text)
        except (ValueError, RecursionError):
            raise InvalidReferenceError("That looks like JSON but cannot be read.") from None
        if not isinstance(payload, Mapping):
            raise InvalidReferenceError()
        return _from_webhook(payload)
    if "://" in text:
        return _from_url(text)
    raise InvalidReferenceError(
        "That is not a FastPix ID (32 hex characters for a stream, a UUID for media or playback), a link or a webhook payload."
    )


def _find_playback_owner(
    client: Lookup, playback_id: str, progress: Progress | None, cancel: CancelLike | None
) -> Resolved | None:
    wanted = playback_id.lower()

    def scan(pages: Any, what: str) -> LiveStream | Media | None:
        for page in pages:
            page_typed: Page[Any] = page
            if progress is not None:
                progress(f"Searching {what}: page {page_typed.number} of {max(1, page_typed.page_count)}")
            for item in page_typed.items:
                if isinstance(item, Unreadable):
                    continue
                if any(p.id.lower() == wanted for p in item.playback_ids):
                    return item
            raise_if_cancelled(cancel)
        return None

    found = scan(client.iter_stream_pages(cancel=cancel), "live streams")
    if found is None:
        found = scan(client.iter_media_pages(cancel=cancel), "media")
    if found is None:
        return None
    actual = next(p.id for p in found.playback_ids if p.id.lower() == wanted)
    return Resolved(found, actual)


def resolve_reference(
    client: Lookup,
    text: str,
    *,
    progress: Progress | None = None,
    cancel: CancelLike | None = None,
) -> Resolved:
    reference = parse_reference(text)
    raise_if_cancelled(cancel)
    if reference.kind is RefKind.STREAM:
        return Resolved(client.get_stream(reference.id, cancel=cancel))
    if reference.kind is RefKind.MEDIA:
        return Resolved(client.get_media(reference.id, cancel=cancel))
    if reference.kind is RefKind.UUID:
        if progress is not None:
            progress("Looking it up as a media ID")
        try:
            return Resolved(client.get_media(reference.id, cancel=cancel))
        except NotFoundError:
            pass
    found = _find_playback_owner(client, reference.id, progress, cancel)
    if found is None:
        raise NotFoundError(f"Nothing in this workspace has the ID {reference.id}.")
    return found
