"""Validation of FastPix IDs before they are put into any URL path."""

from __future__ import annotations

import re

from fastpix_viewer.api.errors import InvalidIdError

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_STREAM_ID = re.compile(r"[0-9a-fA-F]{32}")
# Simulcast and track IDs are not documented precisely: accept only URL-safe tokens.
_OPAQUE = re.compile(r"[0-9A-Za-z_-]{1,128}")


def is_uuid(text: str) -> bool:
    return isinstance(text, str) and _UUID.fullmatch(text) is not None


def is_stream_id(text: str) -> bool:
    return isinstance(text, str) and _STREAM_ID.fullmatch(text) is not None


def _shown(text: object) -> str:
    shown = str(text)
    shown = "".join(ch for ch in shown if ch.isprintable())
    return shown if len(shown) <= 60 else shown[:59] + "…"


def media_id(text: str) -> str:
    if not is_uuid(text):
        raise InvalidIdError(f"“{_shown(text)}” is not a media ID (a UUID like 1b2c…-…).")
    return text


def playback_id(text: str) -> str:
    if not is_uuid(text):
        raise InvalidIdError(f"“{_shown(text)}” is not a playback ID (a UUID).")
    return text


def stream_id(text: str) -> str:
    if not is_stream_id(text):
        raise InvalidIdError(f"“{_shown(text)}” is not a live stream ID (32 hexadecimal characters).")
    return text


def opaque_id(text: str, what: str = "ID") -> str:
    if not isinstance(text, str) or _OPAQUE.fullmatch(text) is None:
        raise InvalidIdError(f"“{_shown(text)}” is not a valid {what}.")
    return text
