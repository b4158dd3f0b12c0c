"""Did an edit take? Compare what a PATCH asked for with the media FastPix sent back.

Whether FastPix replaces or merges `metadata` on PATCH is not documented (shared notes §5):
if it merges, a key the user removed is still there. So the answer is read, never assumed,
and any difference is an error that names the keys, with FastPix's media attached so the
caller can show the truth.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastpix_viewer.api.errors import FastPixError
from fastpix_viewer.api.models import Media


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
