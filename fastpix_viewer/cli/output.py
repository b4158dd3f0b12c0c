"""Printing for people (plain, sanitised text tables) and for programs (exact JSON)."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from fastpix_viewer.api.display_names import display_name
from fastpix_viewer.api.models import LiveStream, Media, Unreadable
from fastpix_viewer.api.recordings import RecordingIndex

# Bidirectional controls can reorder what a terminal shows; they are displayed escaped.
_BIDI_CONTROLS = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def plain(text: object, width: int | None = None) -> str:
    """API text made safe for a terminal: no control characters, escape sequences or bidi tricks."""
    out = []
    for ch in str(text if text is not None else ""):
        code = ord(ch)
        if code in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}")
        else:
            out.append(ch)
    result = "".join(out)
    if width is not None and len(result) > width:
        result = result[: max(0, width - 1)] + "…"
    return result


def print_json(value: Any, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write(json.dumps(value, ensure_ascii=True, indent=2, sort_keys=False))
    stream.write("\n")


def table(rows: Sequence[Sequence[str]], headers: Sequence[str], stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    stream.write(line.rstrip() + "\n")
    for row in rows:
        stream.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


def stream_rows(items: Iterable[LiveStream | Unreadable]) -> list[list[str]]:
    rows = []
    for item in items:
        if isinstance(item, Unreadable):
            rows.append(["?", "unreadable", plain(item.reason, 40), "", ""])
            continue
        rows.append([
            plain(item.stream_id),
            plain(item.status, 12),
            str(len(item.media_ids)),
            plain(item.created_at or "", 20),
            plain(item.name, 50),
        ])
    return rows


STREAM_HEADERS = ("STREAM ID", "STATUS", "RECORDINGS", "CREATED", "NAME")
MEDIA_HEADERS = ("MEDIA ID", "STATUS", "DURATION", "KIND", "CREATED", "TITLE")


def media_rows(items: Iterable[Media | Unreadable], index: RecordingIndex | None = None) -> list[list[str]]:
    rows = []
    for item in items:
        if isinstance(item, Unreadable):
            rows.append(["?", "unreadable", "", "", "", plain(item.reason, 60)])
            continue
        rows.append([
            plain(item.id),
            plain(item.status, 14),
            item.display_duration,
            (index or RecordingIndex()).kind(item),
            plain(item.created_at or "", 20),
            plain(display_name(item), 60),
        ])
    return rows


def _pairs(pairs: Iterable[tuple[str, str]], stream: TextIO) -> None:
    for key, value in pairs:
        stream.write(f"{key + ':':<15} {value}\n")


def describe_media(media: Media, out: TextIO | None = None, *, index: RecordingIndex | None = None,
                   stream: LiveStream | None = None) -> None:
    """`index`: which media the streams list (the Kind line); `stream`: the live stream that
    lists it (a recording) or that its streamId names (a live clip), to name it."""
    out = out or sys.stdout
    index = index or RecordingIndex()
    stream_id = index.stream_of(media.id) or media.stream_id
    stream_text = plain(stream_id or "—")
    if stream is not None and stream.name:
        stream_text += f" ({plain(stream.name, 60)})"
    _pairs(
        [
            ("Media", plain(media.id)),
            ("Name", plain(display_name(media))),  # what the app calls it too (api.display_names)
            ("Title", plain(media.title or "—")),
            ("Status", plain(media.status or "—")),
            ("Duration", media.display_duration),
            ("Kind", index.kind(media)),
            ("Stream", stream_text),
            ("Source media", plain(media.source_media_id or "—")),
            ("Created", plain(media.created_at or "—")),
            ("Resolution", plain(media.max_resolution or "—")),
            ("Aspect ratio", plain(media.aspect_ratio or "—")),
            ("Frame rate", plain(media.frame_rate or "—")),
            ("Subtitles", "—" if media.subtitle_available is None else "yes" if media.subtitle_available else "no"),
        ],
        out,
    )
    for pid in media.playback_ids:
        extra = " (restricted)" if pid.is_restricted else ""
        _pairs([("Playback ID", f"{plain(pid.id)} {plain(pid.access_policy)}{extra}")], out)
    for track in media.tracks:
        detail = f"{track.width}x{track.height}" if track.type == "video" and track.width else plain(
            track.language_name or track.language_code or ""
        )
        _pairs([("Track", f"{plain(track.type)} {detail} [{plain(track.status or '?')}]".rstrip())], out)
    for rendition in media.mp4_renditions:
        _pairs([("MP4", f"{plain(rendition.type)} [{plain(rendition.status or 'requested')}]")], out)
    for key, value in media.metadata.items():
        _pairs([(f"Meta {plain(key, 40)}", plain(value, 200))], out)


def describe_stream(live: LiveStream, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    _pairs(
        [
            ("Stream", plain(live.stream_id)),
            ("Name", plain(live.name or "—")),
            ("Status", plain(live.status or "—")),
            ("Created", plain(live.created_at or "—")),
            ("Resolution", plain(live.max_resolution or "—")),
            ("DVR", "yes" if live.enable_dvr_mode else "no"),
        ],
        stream,
    )
    for pid in live.playback_ids:
        _pairs([("Playback ID", f"{plain(pid.id)} {plain(pid.access_policy)}")], stream)
    for media_id in live.media_ids:
        latest = " (latest)" if media_id == live.latest_recording_id else ""
        _pairs([("Recording", plain(media_id) + latest)], stream)
    for key, value in live.metadata.items():
        _pairs([(f"Meta {plain(key, 40)}", plain(value, 200))], stream)


class ProgressBar:
    """A one-line download progress display on stderr (only when stderr is a terminal)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = -1

    def __call__(self, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if total:
            percent = int(done * 100 / total)
            if percent == self._last:
                return
            self._last = percent
            filled = percent // 4
            text = f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}%  {_mb(done)} of {_mb(total)}"
        else:
            text = f"\r{_mb(done)}"
        self.stream.write(text)
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self._last != -2:
            self.stream.write("\n")
            self.stream.flush()
            self._last = -2


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def profile_rows(rows: Sequence[dict[str, Any]]) -> list[list[str]]:
    return [
        [("* " if r["active"] else "  ") + plain(r["name"]), plain(r["tokenId"]), plain(r["apiBase"]),
         plain(r["signingKeyId"] or "—")]
        for r in rows
    ]


PROFILE_HEADERS = ("  NAME", "TOKEN ID", "API", "SIGNING KEY ID")
