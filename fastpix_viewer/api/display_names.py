"""What an item is called: one rule for the app (list rows, player, details, window title,
confirmations, download file names) and the command line (`show`, `media`, `download`).

A media's name is its own title; else the name of the live stream it was recorded from
(FastPix copies it into `metadata.livestream_name`) plus its start in local date and time,
so that the weekly recordings of one stream never read alike ("Weekly town hall —
2026-11-26 18:30"); else its ID. A live stream's name is its name, else "Live stream <ID>".
No Qt here: the command line uses it too.
"""

from __future__ import annotations

import datetime as _dt

from fastpix_viewer.api.models import LiveStream, Media

DATE_FORMAT = "%Y-%m-%d %H:%M"
FILE_DATE_FORMAT = "%Y-%m-%d %H.%M"  # ":" is not allowed in Windows file names
NAME_SEPARATOR = " — "


def parse_time(value: str | None) -> _dt.datetime | None:
    """An ISO 8601 timestamp (with Z or an offset) as an aware datetime, else None."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = _dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.UTC)
    return parsed


def local_time_text(value: str | None, time_format: str = DATE_FORMAT) -> str:
    """"2026-11-26 18:30" in the computer's time zone ("" when missing or unreadable)."""
    parsed = parse_time(value)
    if parsed is None:
        return ""
    try:
        return parsed.astimezone().strftime(time_format)
    except (OverflowError, OSError, ValueError):  # a year the platform's clock cannot convert
        return ""


def _clean(text: object) -> str:
    return " ".join(str(text).split()) if text else ""


def own_title(media: Media) -> str:
    """The media's own title (its title, else a title or name in its metadata), "" if none."""
    for candidate in (media.title, media.metadata.get("title"), media.metadata.get("name")):
        text = _clean(candidate)
        if text:
            return text
    return ""


def recorded_stream_name(media: Media) -> str:
    """The name of the live stream a recording comes from, as the media carries it ("" if not)."""
    for candidate in (media.metadata.get("livestream_name"), media.metadata.get("stream_name")):
        text = _clean(candidate)
        if text:
            return text
    return ""


def media_name(media: Media, time_format: str = DATE_FORMAT) -> str:
    """The rule for a media (see the module docstring)."""
    title = own_title(media)
    if title:
        return title
    stream = recorded_stream_name(media)
    if stream:
        start = local_time_text(media.created_at, time_format)
        return f"{stream}{NAME_SEPARATOR}{start}" if start else stream
    return media.id


def stream_display_name(stream: LiveStream) -> str:
    return _clean(stream.name) or f"Live stream {stream.stream_id}"


def display_name(item: object) -> str:
    """What the user calls a media or live stream ("" for anything else)."""
    if isinstance(item, Media):
        return media_name(item)
    if isinstance(item, LiveStream):
        return stream_display_name(item)
    return ""


__all__ = ["display_name", "local_time_text", "media_name", "own_title", "parse_time",
           "recorded_stream_name", "stream_display_name"]
