"""Tolerant, immutable models of FastPix objects.

Real responses drift (see shared notes): `duration` is "HH:MM:SS" or float seconds,
`mp4Support` a string or a list of renditions, statuses come in any letter case, optional keys
are omitted. Parsing therefore reads what it can, ignores what it does not know, and keeps the
whole JSON object in `.raw` (with stream keys and similar secrets masked) so the UI can show
fields this code does not model. An item that cannot be read at all becomes `Unreadable`
instead of losing its page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from fastpix_viewer.api.errors import ProtocolError

# Keys whose values are credentials for pushing video or private keys: never kept, printed or shown.
SECRET_KEYS = frozenset({"streamKey", "srtSecret", "srtPlaybackSecret", "privateKey", "secretKey"})
MASK = "<redacted>"


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


# --- small tolerant readers -------------------------------------------------------------------


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 19:
        return int(value.strip())
    return None


def _bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _metadata(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, str] = {}
    for key, item in value.items():
        if isinstance(key, str) and isinstance(item, str | int | float | bool) and not isinstance(item, bool):
            out[key] = str(item)
        elif isinstance(key, str) and isinstance(item, bool):
            out[key] = "true" if item else "false"
    return out


def mask_secrets(value: Any) -> Any:
    """A JSON value with secret-bearing keys masked (recursively).

    Copy-on-write: a dict or list that holds no secret is returned as it is, not copied, so a
    record's `raw` shares the parsed JSON with its tracks' and playback IDs' `raw` instead of
    keeping a second copy of it (about 40 % of a record's memory; issue 15). Treat the result
    as read-only, like every record's `raw`."""
    if isinstance(value, Mapping):
        out: dict[str, Any] | None = None
        for key, item in value.items():
            new = MASK if key in SECRET_KEYS and isinstance(item, str) and item else mask_secrets(item)
            if new is not item and out is None:
                out = dict(value)
            if out is not None:
                out[key] = new
        return value if out is None else out
    if isinstance(value, list):
        items = [mask_secrets(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


_CLOCK = re.compile(r"^(?:(\d{1,6}):)?([0-5]?\d):([0-5]?\d(?:\.\d+)?)$")


def parse_duration(value: object) -> float | None:
    """Seconds from float/int seconds, a numeric string, or "HH:MM:SS" / "MM:SS" (fractions allowed)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            seconds = float(value)
        except OverflowError:  # a JSON integer with hundreds of digits
            return None
    elif isinstance(value, str):
        text = value.strip()
        match = _CLOCK.match(text)
        if match:
            hours = int(match.group(1) or 0)
            seconds = hours * 3600 + int(match.group(2)) * 60 + float(match.group(3))
        else:
            try:
                seconds = float(text)
            except ValueError:
                return None
    else:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# --- models --------------------------------------------------------------------------------


class _Unreadable(Exception):
    """Internal: this JSON value cannot be read as the wanted model."""


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
class PlaybackId:
    id: str
    access_policy: str  # lower case: public | private | drm | anything new, as sent
    domains: Restrictions | None = None
    user_agents: Restrictions | None = None
    resolution: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def is_restricted(self) -> bool:
        return any(
            r is not None and (r.default_policy == "deny" or r.deny or r.allow)
            for r in (self.domains, self.user_agents)
        )


@dataclass(frozen=True, slots=True)
class Track:
    id: str | None
    type: str  # video | audio | subtitle | other text, lower case
    status: str | None
    language_code: str | None = None
    language_name: str | None = None
    title: str | None = None
    width: int | None = None
    height: int | None = None
    frame_rate: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, slots=True)
class Simulcast:
    id: str | None
    enabled: bool | None
    url: str | None = field(default=None, repr=False)  # may embed a target's key
    metadata: Mapping[str, str] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)


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
class LiveStream:
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
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

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
class Media:
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
    tracks: tuple[Track, ...] = ()
    mp4_renditions: tuple[Mp4Rendition, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

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


# --- parsers ---------------------------------------------------------------------------------


def _require_mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Unreadable(f"the {what} is not a JSON object")
    return value


def _restrictions(value: object) -> Restrictions | None:
    if not isinstance(value, Mapping):
        return None
    return Restrictions(
        default_policy=(_str(value.get("defaultPolicy")) or "").lower() or None,
        allow=tuple(v for v in _list(value.get("allow")) if isinstance(v, str)),
        deny=tuple(v for v in _list(value.get("deny")) if isinstance(v, str)),
    )


def parse_playback_id(value: object) -> PlaybackId:
    raw = _require_mapping(value, "playback ID")
    pid = _str(raw.get("id"))
    if not pid:
        raise _Unreadable("the playback ID has no id")
    restrictions = raw.get("accessRestrictions")
    restrictions = restrictions if isinstance(restrictions, Mapping) else {}
    return PlaybackId(
        id=pid,
        access_policy=(_str(raw.get("accessPolicy")) or "").strip().lower(),
        domains=_restrictions(restrictions.get("domains")),
        user_agents=_restrictions(restrictions.get("userAgents")),
        resolution=_str(raw.get("resolution")),
        raw=mask_secrets(raw),
    )


def _playback_ids(value: object) -> tuple[PlaybackId, ...]:
    found = []
    for entry in _list(value):
        try:
            found.append(parse_playback_id(entry))
        except _Unreadable:
            continue  # a broken playback entry must not hide the media itself
    return tuple(found)


def _frame_rate(value: object) -> str | None:
    """A frame rate as text: strings as sent, numbers without a useless ".0"; -1 (unknown) is None."""
    if isinstance(value, str):
        text = value.strip()
        return None if text in ("", "-1") else text
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or value <= 0:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _track(value: Mapping[str, Any]) -> Track:
    return Track(
        id=_str(value.get("id")),
        type=(_str(value.get("type")) or "").lower(),
        status=_str(value.get("status")),
        language_code=_str(value.get("languageCode")),
        language_name=_str(value.get("languageName")),
        title=_str(value.get("title")),
        width=_int(value.get("width")),
        height=_int(value.get("height")),
        frame_rate=_str(value.get("frameRate")) or (str(value["frameRate"]) if _int(value.get("frameRate")) is not None else None),
        raw=value,
    )


def parse_mp4_support(value: object) -> tuple[Mp4Rendition, ...]:
    """Both forms: the legacy string ("capped_4k", "audioOnly,capped_4k", "none") and the list."""
    if isinstance(value, str):
        renditions = []
        for token in value.split(","):
            token = token.strip()
            if token and token.lower() != "none":
                audio = token.lower() in ("audioonly", "audio_only")
                renditions.append(Mp4Rendition(type=token, status=None, ext="m4a" if audio else "mp4"))
        return tuple(renditions)
    renditions = []
    for entry in _list(value):
        if not isinstance(entry, Mapping) or not _str(entry.get("type")):
            continue
        status = _str(entry.get("status"))
        renditions.append(
            Mp4Rendition(
                type=entry["type"],
                status=status.strip().lower() if status else None,
                width=_int(entry.get("width")),
                height=_int(entry.get("height")),
                ext=_str(entry.get("ext")),
            )
        )
    return tuple(renditions)


def parse_media(value: object) -> Media:
    raw = _require_mapping(value, "media")
    media_id = _str(raw.get("id"))
    if not media_id:
        raise _Unreadable("the media has no id")
    status = _str(raw.get("status")) or ""
    tracks = tuple(_track(t) for t in _list(raw.get("tracks")) if isinstance(t, Mapping))
    masked = mask_secrets(raw)
    return Media(
        id=media_id,
        status=status,
        state=media_state(status),
        title=_str(raw.get("title")),
        duration=parse_duration(raw.get("duration")),
        created_at=_str(raw.get("createdAt")),
        updated_at=_str(raw.get("updatedAt")),
        stream_id=_str(raw.get("streamId")) or None,
        source_media_id=_str(raw.get("sourceMediaId")) or None,
        max_resolution=_str(raw.get("maxResolution")),
        source_resolution=_str(raw.get("sourceResolution")) or (str(raw["sourceResolution"]) if _int(raw.get("sourceResolution")) is not None else None),
        aspect_ratio=_str(raw.get("aspectRatio")),
        frame_rate=_frame_rate(raw.get("frameRate")),
        subtitle_available=_bool(raw.get("subtitleAvailable")),
        is_audio_only=bool(_bool(raw.get("isAudioOnly"))),
        metadata=_metadata(raw.get("metadata")),
        playback_ids=_playback_ids(raw.get("playbackIds")),
        tracks=tracks,
        mp4_renditions=parse_mp4_support(raw.get("mp4Support")),
        raw=masked,
    )


def parse_stream(value: object) -> LiveStream:
    raw = _require_mapping(value, "live stream")
    stream_id = _str(raw.get("streamId")) or _str(raw.get("id"))
    if not stream_id:
        raise _Unreadable("the live stream has no streamId")
    status = _str(raw.get("status")) or ""
    simulcasts = tuple(
        Simulcast(
            id=_str(s.get("simulcastId")),
            enabled=_bool(s.get("isEnabled")),
            url=_str(s.get("url")),
            metadata=_metadata(s.get("metadata")),
            raw=mask_secrets(s),
        )
        for s in _list(raw.get("simulcastResponses"))
        if isinstance(s, Mapping)
    )
    return LiveStream(
        stream_id=stream_id,
        status=status,
        state=stream_state(status),
        created_at=_str(raw.get("createdAt")),
        max_resolution=_str(raw.get("maxResolution")),
        media_policy=_str(raw.get("mediaPolicy")),
        enable_dvr_mode=bool(_bool(raw.get("enableDvrMode"))),
        enable_recording=_bool(raw.get("enableRecording")),
        trial=bool(_bool(raw.get("trial"))),
        low_latency=_bool(raw.get("lowLatency")),
        reconnect_window=_int(raw.get("reconnectWindow")),
        max_duration=_int(raw.get("maxDuration")),
        metadata=_metadata(raw.get("metadata")),
        playback_ids=_playback_ids(raw.get("playbackIds")),
        simulcasts=simulcasts,
        media_ids=tuple(m for m in _list(raw.get("mediaIds")) if isinstance(m, str) and m),
        raw=mask_secrets(raw),
    )


def parse_pagination(value: object) -> Pagination:
    if not isinstance(value, Mapping):
        return Pagination(None, None, None, {})

    def count(key: str) -> int | None:
        number = _int(value.get(key))
        return number if number is not None and number >= 0 else None

    return Pagination(
        total_records=count("totalRecords"),
        current_offset=count("currentOffset"),
        offset_count=count("offsetCount"),
        raw=dict(value),
    )


def read_one(parser: Callable[[object], M], value: object, what: str) -> M:
    """Parse a single object (a GET by ID); unreadable means the answer is broken: ProtocolError."""
    try:
        return parser(value)
    except _Unreadable as problem:
        raise ProtocolError(f"FastPix sent a {what} this app cannot read ({problem}).") from None
    except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as problem:  # defensive
        raise ProtocolError(f"FastPix sent a {what} this app cannot read ({type(problem).__name__}).") from None


def read_items(parser: Callable[[object], M], values: object, what: str) -> tuple[M | Unreadable, ...]:
    """Parse a list; each bad item becomes `Unreadable`, the others survive."""
    if not isinstance(values, list):
        raise ProtocolError(f"FastPix sent a {what} list that is not a list.")
    items: list[M | Unreadable] = []
    for index, value in enumerate(values):
        try:
            items.append(parser(value))
        except _Unreadable as problem:
            items.append(Unreadable(reason=str(problem), raw=mask_secrets(value), index=index))
        except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as problem:  # never lose a page
            items.append(Unreadable(reason=f"unexpected shape ({type(problem).__name__})", raw=mask_secrets(value), index=index))
    return tuple(items)
