"""Tolerant parsing of FastPix objects into immutable records (records.py; the leaf readers
are in field_readers.py). Every record name is importable from here too.

Real responses drift (see shared notes): `duration` is "HH:MM:SS" or float seconds,
`mp4Support` a string or a list of renditions, statuses come in any letter case, optional keys
are omitted. Parsing therefore reads what it can, ignores what it does not know, and keeps the
whole JSON object in `.raw` (with stream keys and similar secrets masked; kept as compact bytes and decoded on access, see compact_json.py) so the UI can show
fields this code does not model. An item that cannot be read at all becomes `Unreadable`
instead of losing its page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from fastpix_viewer.api.errors import ProtocolError
from fastpix_viewer.api.field_readers import (  # noqa: F401  (re-exported: callers import them from here)
    MASK,
    SECRET_KEYS,
    _bool,
    _int,
    _list,
    _metadata,
    _place,
    _str,
    _word,
    format_duration,
    mask_secrets,
    pack_masked,
    parse_duration,
)
from fastpix_viewer.api.records import (  # noqa: F401  (re-exported: callers import them from here)
    KNOWN_MEDIA_STATUSES,
    LiveStream,
    M,
    Media,
    MediaState,
    Mp4Rendition,
    Page,
    Pagination,
    PlaybackId,
    Restrictions,
    Simulcast,
    StreamState,
    Track,
    Unreadable,
    media_state,
    stream_state,
)
from fastpix_viewer.api.step_aside import pause_point


class _Unreadable(Exception):
    """Internal: this JSON value cannot be read as the wanted model."""


# --- parsers ---------------------------------------------------------------------------------


def _require_mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Unreadable(f"the {what} is not a JSON object")
    return value


_OPEN: dict[str | None, Restrictions] = {}  # the usual lists-free restrictions, one object each


def _restrictions(value: object) -> Restrictions | None:
    if not isinstance(value, Mapping):
        return None
    policy = (_str(value.get("defaultPolicy")) or "").lower() or None
    allow = tuple(v for v in _list(value.get("allow")) if isinstance(v, str))
    deny = tuple(v for v in _list(value.get("deny")) if isinstance(v, str))
    if allow or deny:
        return Restrictions(default_policy=policy, allow=allow, deny=deny)
    if policy not in _OPEN:  # records are immutable, so every media can share these
        _OPEN[policy] = Restrictions(default_policy=_word(policy), allow=(), deny=())
    return _OPEN[policy]


def parse_playback_id(value: object, within: tuple[bytes, tuple[str | int, ...]] | None = None) -> PlaybackId:
    """`within`: the packed JSON of the object this playback ID belongs to and its place there
    (its `raw` is then read from that, not kept twice)."""
    raw = _require_mapping(value, "playback ID")
    pid = _str(raw.get("id"))
    if not pid:
        raise _Unreadable("the playback ID has no id")
    restrictions = raw.get("accessRestrictions")
    restrictions = restrictions if isinstance(restrictions, Mapping) else {}
    return PlaybackId(
        id=pid,
        access_policy=_word((_str(raw.get("accessPolicy")) or "").strip().lower()) or "",
        domains=_restrictions(restrictions.get("domains")),
        user_agents=_restrictions(restrictions.get("userAgents")),
        resolution=_word(raw.get("resolution")),
        raw_json=within[0] if within else pack_masked(raw),
        raw_path=within[1] if within else (),
    )


def _playback_ids(value: object, packed: bytes) -> tuple[PlaybackId, ...]:
    found = []
    for index, entry in enumerate(_list(value)):
        try:
            found.append(parse_playback_id(entry, (packed, _place("playbackIds", index))))
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
    status = _word(raw.get("status")) or ""
    packed = pack_masked(raw)
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
        max_resolution=_word(raw.get("maxResolution")),
        source_resolution=_str(raw.get("sourceResolution")) or (str(raw["sourceResolution"]) if _int(raw.get("sourceResolution")) is not None else None),
        aspect_ratio=_word(raw.get("aspectRatio")),
        frame_rate=_frame_rate(raw.get("frameRate")),
        subtitle_available=_bool(raw.get("subtitleAvailable")),
        is_audio_only=bool(_bool(raw.get("isAudioOnly"))),
        metadata=_metadata(raw.get("metadata")),
        playback_ids=_playback_ids(raw.get("playbackIds"), packed),
        mp4_renditions=parse_mp4_support(raw.get("mp4Support")),
        raw_json=packed,
    )


def parse_stream(value: object) -> LiveStream:
    raw = _require_mapping(value, "live stream")
    stream_id = _str(raw.get("streamId")) or _str(raw.get("id"))
    if not stream_id:
        raise _Unreadable("the live stream has no streamId")
    status = _word(raw.get("status")) or ""
    packed = pack_masked(raw)  # masks the simulcasts' keys too: they read their part of it
    simulcasts = tuple(
        Simulcast(
            id=_str(s.get("simulcastId")),
            enabled=_bool(s.get("isEnabled")),
            url=_str(s.get("url")),
            metadata=_metadata(s.get("metadata")),
            raw_json=packed,
            raw_path=_place("simulcastResponses", index),
        )
        for index, s in enumerate(_list(raw.get("simulcastResponses")))
        if isinstance(s, Mapping)
    )
    return LiveStream(
        stream_id=stream_id,
        status=status,
        state=stream_state(status),
        created_at=_str(raw.get("createdAt")),
        max_resolution=_word(raw.get("maxResolution")),
        media_policy=_str(raw.get("mediaPolicy")),
        enable_dvr_mode=bool(_bool(raw.get("enableDvrMode"))),
        enable_recording=_bool(raw.get("enableRecording")),
        trial=bool(_bool(raw.get("trial"))),
        low_latency=_bool(raw.get("lowLatency")),
        reconnect_window=_int(raw.get("reconnectWindow")),
        max_duration=_int(raw.get("maxDuration")),
        metadata=_metadata(raw.get("metadata")),
        playback_ids=_playback_ids(raw.get("playbackIds"), packed),
        simulcasts=simulcasts,
        media_ids=tuple(m for m in _list(raw.get("mediaIds")) if isinstance(m, str) and m),
        raw_json=packed,
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
        pause_point()  # a page is parsed on a worker: let the UI thread paint (api.step_aside)
        try:
            items.append(parser(value))
        except _Unreadable as problem:
            items.append(Unreadable(reason=str(problem), raw=mask_secrets(value), index=index))
        except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as problem:  # never lose a page
            items.append(Unreadable(reason=f"unexpected shape ({type(problem).__name__})", raw=mask_secrets(value), index=index))
    return tuple(items)
