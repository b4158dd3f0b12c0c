"""Small tolerant readers for FastPix JSON values (a number sent as text, a duration as
"HH:MM:SS" or seconds, metadata with odd values) and the masking of secrets in raw JSON: the
leaf rules the model parsers (models.py) and the records' display helpers share."""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Mapping
from typing import Any

from fastpix_viewer.api.compact_json import pack

# Keys whose values are credentials for pushing video or private keys: never kept, printed or shown.
SECRET_KEYS = frozenset({"streamKey", "srtSecret", "srtPlaybackSecret", "privateKey", "secretKey"})
MASK = "<redacted>"


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


# A secret key in compact JSON (`compact_json.pack` writes keys as they are, no spaces).
_SECRET_MARKERS = tuple(f'"{key}":'.encode() for key in sorted(SECRET_KEYS))


def pack_masked(raw: Any) -> bytes:
    """`raw` as compact JSON bytes with secret-bearing keys masked.

    Most records hold no secret: packing first and looking for the keys in the bytes (a
    search in C) is about twice as fast as walking every field in Python (issue 15, paging).
    A key name inside some text only means the slow, exact walk runs."""
    packed = pack(raw)
    if any(marker in packed for marker in _SECRET_MARKERS):
        packed = pack(mask_secrets(raw))
    return packed


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


def _word(value: object) -> str | None:
    """A short categorical string (status, track type, language, resolution) shared between
    records rather than held once per record: thousands of media say "Ready" and "video"."""
    if not isinstance(value, str):
        return None
    return sys.intern(value) if len(value) <= 40 else value


@functools.lru_cache(maxsize=256)
def _place(key: str, index: int) -> tuple[str, int]:
    """One shared path tuple per place (every media's first track is at ("tracks", 0))."""
    return (key, index)
