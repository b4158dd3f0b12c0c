"""A listing of streams or media as rows of plain fields, and as CSV or JSON text.

Used by the window's "Copy as CSV" and "Export list…" (the export runs on a worker: a list
of 50,000 media is a few megabytes of text). No Qt here. Every row carries the item's name
by the one rule (display_names), its IDs, status and times as FastPix sent them.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe: a hostile title must not become a formula in
the user's spreadsheet. JSON keeps the values exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fastpix_viewer.api.display_names import display_name
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.api.playback import share_playback_id, share_url

MEDIA_FIELDS = ("name", "id", "kind", "status", "duration_seconds", "created_at", "updated_at",
                "stream_id", "title", "access", "playback_ids", "share_link")
STREAM_FIELDS = ("name", "id", "kind", "status", "created_at", "recordings", "access", "playback_ids", "share_link")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _access(item: LiveStream | Media) -> str:
    seen: list[str] = []
    for pid in item.playback_ids:
        if pid.access_policy and pid.access_policy not in seen:
            seen.append(pid.access_policy)
    return ",".join(seen)


def _share(item: LiveStream | Media) -> str:
    pid = share_playback_id(item)
    return share_url(pid) if pid is not None else ""


def item_row(item: LiveStream | Media) -> dict[str, Any]:
    """The plain fields of one stream or media (keys: MEDIA_FIELDS or STREAM_FIELDS)."""
    common = {"name": display_name(item), "id": item.id, "status": item.status,
              "created_at": item.created_at or "", "access": _access(item),
              "playback_ids": ",".join(p.id for p in item.playback_ids), "share_link": _share(item)}
    if isinstance(item, LiveStream):
        return {key: common.get(key, "") for key in STREAM_FIELDS} | {
            "kind": "live stream", "recordings": len(item.media_ids)}
    return {key: common.get(key, "") for key in MEDIA_FIELDS} | {
        "kind": "clip" if item.is_clip else "media", "duration_seconds": item.duration,
        "updated_at": item.updated_at or "", "stream_id": item.stream_id or "", "title": item.title or ""}


def rows_of(items: Iterable[object]) -> list[dict[str, Any]]:
    """Rows for the readable items (unreadable ones have no fields to export)."""
    return [item_row(item) for item in items if isinstance(item, LiveStream | Media)]


def _fields(rows: Sequence[dict[str, Any]]) -> list[str]:
    fields: list[str] = []
    for row in rows:
        fields.extend(key for key in row if key not in fields)
    return fields or list(MEDIA_FIELDS)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    """CSV with a header row (RFC 4180 quoting, formula-like cells neutralised)."""
    out = io.StringIO()
    fields = _fields(rows)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key in fields])
    return out.getvalue()


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def export_listing(items: Sequence[object], path: Path) -> int:
    """Write `items` to `path` as CSV or JSON by its suffix (.json, else CSV); the row count.
    Written to a temporary name first, so a failure never leaves half a file under `path`."""
    rows = rows_of(items)
    text = to_json(rows) if path.suffix.lower() == ".json" else to_csv(rows)
    temporary = path.with_name(path.name + ".partial")
    try:
        # utf-8-sig for CSV: spreadsheet programs then read non-ASCII names right.
        temporary.write_text(text, encoding="utf-8" if path.suffix.lower() == ".json" else "utf-8-sig",
                             newline="")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return len(rows)


__all__ = ["MEDIA_FIELDS", "STREAM_FIELDS", "export_listing", "item_row", "rows_of", "to_csv", "to_json"]
