"""Did an edit take? Compare what a PATCH asked for with the media FastPix sent back.

Whether FastPix replaces or merges `metadata` on PATCH is not documented (shared notes §5):
if it merges, a key the user removed is still there. So the answer is read, never assumed,
and any difference is an error that names the keys, with FastPix's media attached so the
caller can show the truth.

`check_media_update` is the other half: the one rule book for what an edit may ask
(FastPix's limits), used by the client, clip creation and the edit dialog.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastpix_viewer.api.errors import FastPixError, InputError
from fastpix_viewer.api.models import Media

MAX_METADATA_PAIRS = 10
MAX_METADATA_LENGTH = 255


def check_media_update(title: str | None, metadata: Mapping[str, str] | None) -> dict[str, Any]:
    """The PATCH body, or InputError before anything is sent (FastPix's limits: 10 pairs × 255 chars)."""
    body: dict[str, Any] = {}
    if title is not None:
        if not isinstance(title, str) or not title.strip():
            raise InputError("The title must not be empty.")
        if len(title) > MAX_METADATA_LENGTH:
            raise InputError(f"The title is longer than {MAX_METADATA_LENGTH} characters.")
        body["title"] = title
    if metadata is not None:
        if len(metadata) > MAX_METADATA_PAIRS:
            raise InputError(f"FastPix allows at most {MAX_METADATA_PAIRS} metadata pairs; this has {len(metadata)}.")
        for key, value in metadata.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise InputError("Metadata keys and values must be text.")
            if not key:
                raise InputError("A metadata key must not be empty.")
            if len(key) > MAX_METADATA_LENGTH:
                raise InputError(
                    f"The metadata key “{key[:40]}…” is {len(key)} characters long; "
                    f"keys may have at most {MAX_METADATA_LENGTH}."
                )
            if len(value) > MAX_METADATA_LENGTH:
                raise InputError(
                    f"The value of metadata key “{key[:40]}” is {len(value)} characters long; "
                    f"values may have at most {MAX_METADATA_LENGTH}."
                )
        body["metadata"] = dict(metadata)
    if not body:
        raise InputError("Nothing to change: give a title or metadata.")
    return body


def edit_differences(title: str | None, metadata: Mapping[str, str] | None, got: Media) -> list[str]:
    """The fields and metadata keys where `got` is not what was asked, e.g.
    ["metadata key “room” is still there", "title is “Old” (asked “New”)"]."""
    problems: list[str] = []
    if title is not None and got.title != title:
        problems.append(f"title is “{_short(got.title or '')}” (asked “{_short(title)}”)")
    if metadata is not None:
        now = dict(got.metadata)
        for key in sorted(set(now) - set(metadata)):
            problems.append(f"metadata key “{_short(key)}” is still there")
        for key in sorted(set(metadata) - set(now)):
            problems.append(f"metadata key “{_short(key)}” is missing")
        for key in sorted(k for k in set(metadata) & set(now) if metadata[k] != now[k]):
            problems.append(f"metadata key “{_short(key)}” is “{_short(now[key])}” (asked “{_short(metadata[key])}”)")
    return problems


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class EditNotApplied(FastPixError):
    """FastPix answered the PATCH, but the media it returned differs from what was asked."""

    default_message = "FastPix did not apply the whole change."

    def __init__(self, differences: list[str], media: Media) -> None:
        self.differences = tuple(differences)
        self.media = media  # what FastPix now holds: show this, not what was asked
        super().__init__("FastPix did not apply the whole change: " + "; ".join(differences) + ".")
