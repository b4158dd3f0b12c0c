"""The immutable records of FastPix objects (live streams, media, playback IDs, pages) and
their states; built by the parsers in models.py, which also re-exports every name here."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from fastpix_viewer.api.compact_json import EMPTY, unpack
from fastpix_viewer.api.field_readers import _int, _list, _place, _str, _word, format_duration


class MediaState(StrEnum):
    READY = "ready"
    FAILED = "failed"
    PROCESSING = "processing"  # also every status we do not know: keep polling


class StreamState(StrEnum):
    IDLE = "idle"
    PREPARING = "preparing"
    ACTIVE = "active"
    DISABLED = "disabled"
    UNKNOWN = "unknown"


# FastPix's media status enum (spec), plus "waiting" (direct uploads) and "errored"; compared
# case-insensitively. Anything else is shown as sent and checked against the stream host.
KNOWN_MEDIA_STATUSES = frozenset({
    "created", "downloading", "downloaded", "validating", "in queue", "processing", "ready",
    "failed", "waiting", "errored", "error",
})


def media_state(status_text: str | None) -> MediaState:
    text = (status_text or "").strip().lower()
    if text == "ready":
        return MediaState.READY
    if text in ("failed", "errored", "error"):
        return MediaState.FAILED
    return MediaState.PROCESSING


def stream_state(status_text: str | None) -> StreamState:
    text = (status_text or "").strip().lower()
    try:
        return StreamState(text)
    except ValueError:
        return StreamState.UNKNOWN


class RawJson:
    """Mixin of the records that keep their JSON as bytes (compact_json): `raw` decodes it."""

    __slots__ = ()
    raw_json: bytes
    raw_path: tuple[str | int, ...]  # where this object sits in `raw_json` (a track of a media)

    @property
    def raw(self) -> Mapping[str, Any]:
        """The whole JSON object as FastPix sent it (secrets masked), decoded on each look."""
        value = unpack(self.raw_json)
        for step in self.raw_path:
            value = value[step]
        return value


@dataclass(frozen=True)
class Unreadable:
    """An item of a page that could not be read; shown as such, next to the readable ones."""

    reason: str
    raw: Any = field(repr=False)
    index: int | None = None


@dataclass(frozen=True)
class Pagination:
    total_records: int | None
    current_offset: int | None
    offset_count: int | None  # number of pages
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, slots=True)  # no per-record __dict__ (issue 15: 50,000 media)
class Restrictions:
    default_policy: str | None
    allow: tuple[str, ...]
    deny: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaybackId(RawJson):
    id: str
    access_policy: str  # lower case: public | private | drm | anything new, as sent
    domains: Restrictions | None = None
    user_agents: Restrictions | None = None
    resolution: str | None = None
    raw_json: bytes = field(default=EMPTY, repr=False)  # compact_json.pack of the masked object
    raw_path: tuple[str | int, ...] = field(default=(), repr=False)

    @property
    def is_restricted(self) -> bool:
        return any(
            r is not None and (r.default_policy == "deny" or r.deny or r.allow)
            for r in (self.domains, self.user_agents)
        )


@dataclass(frozen=True, slots=True)
class Track(RawJson):
    id: str | None
    type: str  # video | audio | subtitle | other text, lower case
    status: str | None
    language_code: str | None = None
    language_name: str | None = None
    title: str | None = None
    width: int | None = None
    height: int | None = None
    frame_rate: str | None = None
    raw_json: bytes = field(default=EMPTY, repr=False)  # compact_json.pack of the masked object
    raw_path: tuple[str | int, ...] = field(default=(), repr=False)

    @classmethod
    def from_json(cls, value: Mapping[str, Any], packed: bytes, index: int) -> Track:
        """Track `index` of a media whose packed JSON is `packed` (`value` is that entry)."""
        return cls(
            id=_str(value.get("id")),
            type=_word((_str(value.get("type")) or "").lower()) or "",
            status=_word(value.get("status")),
            language_code=_word(value.get("languageCode")),
            language_name=_word(value.get("languageName")),
            title=_str(value.get("title")),
            width=_int(value.get("width")),
            height=_int(value.get("height")),
            frame_rate=_word(value.get("frameRate")) or (str(value["frameRate"]) if _int(value.get("frameRate")) is not None else None),
            raw_json=packed,
            raw_path=_place("tracks", index),
        )


@functools.lru_cache(maxsize=64)
def tracks_of(packed: bytes) -> tuple[Track, ...]:
    """A media's tracks, read from its packed JSON when asked (the details, the CLI, subtitle
    requests) rather than kept in every media of a 50,000-row list (issue 15)."""
    value = unpack(packed)
    entries = _list(value.get("tracks")) if isinstance(value, Mapping) else []
    return tuple(Track.from_json(t, packed, i) for i, t in enumerate(entries) if isinstance(t, Mapping))


@dataclass(frozen=True, slots=True)
class Simulcast(RawJson):
    id: str | None
    enabled: bool | None
    url: str | None = field(default=None, repr=False)  # may embed a target's key
    metadata: Mapping[str, str] = field(default_factory=dict)
    raw_json: bytes = field(default=EMPTY, repr=False)  # compact_json.pack of the masked object
    raw_path: tuple[str | int, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class Mp4Rendition:
    type: str  # capped_4k | audioOnly | ...
    status: str | None  # lower case; None when the legacy string form gave no status
    width: int | None = None
    height: int | None = None
    ext: str | None = None

    @property
    def is_audio(self) -> bool:
        return self.type.lower() in ("audioonly", "audio_only", "audio") or (self.ext or "").lower() == "m4a"

    @property
    def maybe_ready(self) -> bool:
        """Ready, or the legacy form that does not say (the download then finds out)."""
        return self.status in (None, "ready")


@dataclass(frozen=True, slots=True)
class LiveStream(RawJson):
    stream_id: str
    status: str  # as sent (for display)
    state: StreamState
    created_at: str | None = None
    max_resolution: str | None = None
    media_policy: str | None = None
    enable_dvr_mode: bool = False
    enable_recording: bool | None = None
    trial: bool = False
    low_latency: bool | None = None
    reconnect_window: int | None = None
    max_duration: int | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    playback_ids: tuple[PlaybackId, ...] = ()
    simulcasts: tuple[Simulcast, ...] = ()
    media_ids: tuple[str, ...] = ()  # its recordings, oldest first
    raw_json: bytes = field(default=EMPTY, repr=False)  # compact_json.pack of the masked object
    raw_path: tuple[str | int, ...] = field(default=(), repr=False)

    @property
    def id(self) -> str:
        return self.stream_id

    @property
    def name(self) -> str:
        for key in ("name", "livestream_name", "title"):
            if self.metadata.get(key):
                return self.metadata[key]
        return ""

    @property
    def latest_recording_id(self) -> str | None:
        """FastPix's own plugins treat the last media ID as the current recording."""
        return self.media_ids[-1] if self.media_ids else None


@dataclass(frozen=True, slots=True)
class Media(RawJson):
    id: str
    status: str  # as sent (for display)
    state: MediaState
    title: str | None = None
    duration: float | None = None  # seconds
    created_at: str | None = None
    updated_at: str | None = None
    stream_id: str | None = None
    source_media_id: str | None = None
    max_resolution: str | None = None
    source_resolution: str | None = None
    aspect_ratio: str | None = None
    frame_rate: str | None = None  # media-level, as sent ("30", "29.97", "30/1")
    subtitle_available: bool | None = None
    is_audio_only: bool = False
    metadata: Mapping[str, str] = field(default_factory=dict)
    playback_ids: tuple[PlaybackId, ...] = ()
    mp4_renditions: tuple[Mp4Rendition, ...] = ()
    raw_json: bytes = field(default=EMPTY, repr=False)  # compact_json.pack of the masked object
    raw_path: tuple[str | int, ...] = field(default=(), repr=False)

    @property
    def tracks(self) -> tuple[Track, ...]:
        return tracks_of(self.raw_json)

    @property
    def status_is_known(self) -> bool:
        """False for a status outside FastPix's documented words (in any letter case)."""
        return self.status.strip().lower() in KNOWN_MEDIA_STATUSES

    @property
    def is_clip(self) -> bool:
        return bool(self.source_media_id)

    @property
    def is_ready(self) -> bool:
        return self.state is MediaState.READY

    @property
    def is_failed(self) -> bool:
        return self.state is MediaState.FAILED

    @property
    def still_processing(self) -> bool:
        """Polling continues while this is true (unknown statuses included); Failed stops it."""
        return self.state is MediaState.PROCESSING

    @property
    def display_duration(self) -> str:
        """The duration as text; "—" while it is unknown (a media that is not ready often says 0)."""
        if not self.duration and not self.is_ready:
            return format_duration(None)
        return format_duration(self.duration)

    @property
    def display_title(self) -> str:
        # Recordings usually have no title of their own; FastPix copies the stream's name
        # into metadata.livestream_name.
        for candidate in (self.title, self.metadata.get("title"), self.metadata.get("name"),
                          self.metadata.get("livestream_name")):
            if candidate:
                return candidate
        return self.id


M = TypeVar("M")


@dataclass(frozen=True)
class Page(Generic[M]):
    number: int
    items: tuple[M | Unreadable, ...]
    pagination: Pagination
    limit: int | None = None  # the page size asked for (caps page_count with totalRecords)

    @property
    def readable(self) -> list[M]:
        return [item for item in self.items if not isinstance(item, Unreadable)]

    @property
    def unreadable(self) -> list[Unreadable]:
        return [item for item in self.items if isinstance(item, Unreadable)]

    @property
    def page_count(self) -> int:
        """Pages to fetch: `offsetCount`, but never more than `totalRecords` fills at this page size
        (a host announcing 2,000 pages for 120 records gets 3 requests, not 2,000)."""
        count = self.pagination.offset_count or 0
        total = self.pagination.total_records
        if count and self.limit and total is not None and total >= 0:
            count = min(count, max(1, -(-total // self.limit)))
        return count
