"""The one rule for file names made from API text (a media's name, the media ID as fallback):
used by the app's downloads and the command line's alike, so both save the same media under
the same name and a hostile title is refused the same way everywhere. The name is the one
`display_names` gives (an untitled recording carries its stream's name and start time, so a
stream's recordings never collide on one file name), with the time written "18.30"."""

from __future__ import annotations

import re
import unicodedata

from fastpix_viewer.api.display_names import (
    FILE_DATE_FORMAT,
    local_time_text,
    media_name,
    own_title,
    recorded_stream_name,
)
from fastpix_viewer.api.models import Media

MAX_STEM_CHARS = 120
MAX_STEM_BYTES = 200  # file systems cap names at 255 bytes; leave room for " (99).mp4.part"

_FORBIDDEN = frozenset('<>:"/\\|?*')
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                       *(f"LPT{i}" for i in range(1, 10))})


def safe_stem(title: str | None, fallback: str) -> str:
    """A file name (without extension) from an untrusted title, safe on every desktop OS:
    no path separators or characters Windows refuses, no control or bidi-override characters,
    no leading/trailing dots or spaces, not a reserved device name, length-limited; the
    (equally cleaned) fallback when nothing is left: an API answer must not name `../x`."""
    def clean(text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        text = "".join(" " if c.isspace() else "_" if c in _FORBIDDEN or unicodedata.category(c).startswith("C")
                       else c for c in text)
        text = " ".join(text.split()).strip(" .")
        while len(text) > MAX_STEM_CHARS or len(text.encode("utf-8")) > MAX_STEM_BYTES:
            text = text[:-1]
        return text.rstrip(" .")

    stem = clean(title or "") or clean(fallback or "") or "download"
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = "_" + stem
    return stem


def safe_filename(title: str | None, fallback: str, extension: str) -> str:
    """`safe_stem` with its extension, e.g. "Keynote.mp4"."""
    return f"{safe_stem(title, fallback)}.{extension}"


def media_stem(media: Media) -> str:
    """The file name (without extension) of a media's download, from its display name."""
    return safe_stem(media_name(media, FILE_DATE_FORMAT), media.id)


def media_filename(media: Media, extension: str) -> str:
    """`media_stem` with its extension, e.g. "Weekly town hall — 2026-11-26 18.30.mp4"."""
    return f"{media_stem(media)}.{extension}"


# File-name templates for downloading several media at once, e.g. "{stream} {date} {title}".
TEMPLATE_FIELDS = {
    "name": "the name the app shows",
    "title": "the media's own title",
    "stream": "the live stream's name (recordings)",
    "date": "the start date, 2026-11-26",
    "time": "the start time, 18.30",
    "id": "the media ID",
}
DEFAULT_TEMPLATE = "{name}"
_FIELD = re.compile(r"\{([^{}]*)\}")


def template_problem(template: str) -> str | None:
    """Why `template` cannot name files (None when it can)."""
    if not template.strip():
        return "The file name template is empty."
    unknown = [f for f in _FIELD.findall(template) if f not in TEMPLATE_FIELDS]
    if unknown:
        known = ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS)
        return f"Unknown field {{{unknown[0]}}} in the file name template; use {known}."
    return None


def template_stem(template: str, media: Media) -> str:
    """The file name (without extension) `template` gives `media`; fields the media lacks are
    left empty, and the result is cleaned like any name (the media's name when nothing is left)."""
    values = {
        "name": media_name(media, FILE_DATE_FORMAT),
        "title": own_title(media),
        "stream": recorded_stream_name(media),
        "date": local_time_text(media.created_at, "%Y-%m-%d"),
        "time": local_time_text(media.created_at, "%H.%M"),
        "id": media.id,
    }
    text = _FIELD.sub(lambda match: values.get(match.group(1), ""), template)
    return safe_stem(text, media_stem(media))
