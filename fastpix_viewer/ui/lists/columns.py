"""Column specs for the three record lists: live streams, media, and a stream's recordings.

Every display and sort function here is pure (no Qt state), so `prepare_rows` can run
them on a worker thread. Items the API layer could not read (`Unreadable`) get a row of
their own that says so, instead of disappearing or breaking the list.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt

from fastpix_viewer.api.display_names import (
    local_time_text,
    media_name,
    own_title,
    parse_time,
)
from fastpix_viewer.api.models import LiveStream, Media, Unreadable, format_duration
from fastpix_viewer.api.recordings import RecordingIndex
from fastpix_viewer.ui.core.items import (
    UNREADABLE_PREFIX,  # one rule, in core; re-exported
    isolate,
)
from fastpix_viewer.ui.lists.record_table import Column, RecordTableModel
from fastpix_viewer.ui.lists.status_badge import status_tooltip, status_word

# First-run column widths (px) by key. The name/title column stretches over the room the
# others leave, so at the default window size no column is cut off or scrolled sideways;
# the long ID columns start hidden (right-click a column title to show them).
# The hidden ones by list (the pane's objectName): resolution and kind are in the preview
# strip and Details; in a stream's recordings the title already carries the start time.
COLUMN_WIDTHS = {"status": 88, "created": 120, "resolution": 76, "recordings": 84, "dvr": 48,
                 "duration": 68, "kind": 80, "id": 290, "access": 110, "updated": 120, "stream": 200,
                 "views": 70}
# Columns available from the header's menu (right-click a column title) start hidden.
HIDDEN_KEYS: dict[str, tuple[str, ...]] = {
    "streamsPane": ("id", "access", "views"),
    "mediaPane": ("id", "kind", "resolution", "access", "updated", "stream", "views"),
    "recordingsPane": ("id", "created", "access", "updated", "views"),
}


def row_id(obj: Any) -> str:
    if isinstance(obj, LiveStream | Media):
        return obj.id
    # Unreadable items have no trustworthy ID; the object itself stays alive in the row.
    return f"unreadable:{id(obj)}"


def status_of(obj: Any) -> str | None:
    return obj.status if isinstance(obj, LiveStream | Media) else None


def _unreadable_text(obj: Unreadable) -> str:
    return UNREADABLE_PREFIX + (obj.reason or "unknown reason")


def _readable(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wrap a column function so Unreadable rows show nothing in that column."""

    def wrapped(obj: Any) -> Any:
        return None if isinstance(obj, Unreadable) else fn(obj)

    return wrapped


def _first(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The first column: shows the reason for Unreadable rows."""

    def wrapped(obj: Any) -> Any:
        return _unreadable_text(obj) if isinstance(obj, Unreadable) else fn(obj)

    return wrapped


def _created(obj: Any) -> str:
    return local_time_text(obj.created_at)


def _created_key(obj: Any) -> _dt.datetime | None:
    return parse_time(obj.created_at)


def _duration_key(media: Media) -> float | None:
    return media.duration


def _resolution(media: Media) -> str:
    return media.max_resolution or media.source_resolution or ""


IndexSource = Callable[[], RecordingIndex]
_UNKNOWN_INDEX = RecordingIndex()


def _no_index() -> RecordingIndex:
    return _UNKNOWN_INDEX


def media_kind(media: Media, index: RecordingIndex | None = None) -> str:
    """"recording" (a stream lists it in mediaIds), "live clip", "clip", "upload"; "media"
    while the streams are not loaded (see api.recordings)."""
    return (index or _UNKNOWN_INDEX).kind(media)


_DESC = Qt.SortOrder.DescendingOrder
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _status_column() -> Column:
    # The badge's word ("Live" for "active"), the one the status filter offers too.
    status = _readable(lambda o: status_word(o.status))
    return Column("status", "Status", status, status, badge=True,
                  tooltip=lambda o: None if isinstance(o, Unreadable) else status_tooltip(o.status))


ACCESS_WORDS = {"public": "Public", "private": "Private", "drm": "DRM"}


def access_text(obj: Any) -> str:
    """The item's playback access policies, e.g. "Public", "Private, DRM" ("" without any)."""
    seen: list[str] = []
    for pid in obj.playback_ids:
        policy = " ".join(str(pid.access_policy or "").split())
        word = ACCESS_WORDS.get(policy.casefold(), policy.capitalize())
        if word and word not in seen:
            seen.append(word)
    return ", ".join(seen)


def _access_column() -> Column:
    access = _readable(access_text)
    return Column("access", "Access", access, access)


def _updated_column() -> Column:
    return Column("updated", "Updated", _readable(lambda m: local_time_text(m.updated_at)),
                  _readable(lambda m: parse_time(m.updated_at)), initial_order=_DESC)


def _created_column() -> Column:
    return Column("created", "Created", _readable(_created), _readable(_created_key), initial_order=_DESC)


def stream_columns(decoration: Callable[[Any], Any] | None = None) -> list[Column]:
    """`decoration(obj)`: the name cell's picture (a live stream's frame; main thread)."""
    name = _first(lambda s: s.name or "(unnamed)")
    return [
        Column("name", "Name", name, name, decoration=decoration),
        _status_column(),
        _created_column(),
        Column("resolution", "Max res.", _readable(lambda s: s.max_resolution or ""),
               _readable(lambda s: s.max_resolution)),
        Column("recordings", "Recordings", _readable(lambda s: str(len(s.media_ids))),
               _readable(lambda s: len(s.media_ids)), alignment=_RIGHT, initial_order=_DESC),
        Column("dvr", "DVR", _readable(lambda s: "Yes" if s.enable_dvr_mode else "No"),
               _readable(lambda s: s.enable_dvr_mode)),
        _access_column(),
        Column("id", "Stream ID", _readable(lambda s: s.id), _readable(lambda s: s.id)),
    ]


def media_title(media: Media, index: RecordingIndex | None = None) -> str:
    """The Media list's title: the name everywhere else uses (api.display_names: an untitled
    recording reads "<stream's name> — <start time>"). `index` is unused, kept for callers."""
    return media_name(media)


def clip_title(media: Media, title: str, source_title: Callable[[str], str | None]) -> str:
    """A clip's title in the Media list says what it was cut from: "Goal — clip from “Match”"."""
    if not media.source_media_id:
        return title
    source = source_title(media.source_media_id)
    # An RTL source title must not reorder the clip's own title around it.
    return f"{title} — clip from “{isolate(source)}”" if source else f"{title} — clip from media {media.source_media_id}"


def stream_name(media: Media, index: RecordingIndex | None = None) -> str:
    """The live stream a recording or live clip comes from, by name where the media says it
    (FastPix puts the stream's name in a recording's metadata), else the stream's ID."""
    stream_id = (index or _UNKNOWN_INDEX).stream_of(media.id) or media.stream_id
    if not stream_id:
        return ""
    name = media.metadata.get("livestream_name") or media.metadata.get("stream_name")
    return " ".join(str(name).split()) if name else stream_id


def recording_title(media: Media) -> str:
    """A stream's recordings list (every row is one of its mediaIds): "Recording 2026-11-13 09:30"."""
    created = local_time_text(media.created_at)
    if created and not own_title(media):
        return f"Recording {created}"
    return media_name(media)


def _media_base(decoration: Callable[[Any], Any] | None = None,
                title_of: Callable[[Media], str] = media_title) -> list[Column]:
    title = _first(title_of)
    return [
        Column("title", "Title", title, title, decoration=decoration),
        _status_column(),
        _created_column(),
        Column("duration", "Duration", _readable(lambda m: format_duration(m.duration) if m.duration else ""),
               _readable(_duration_key), alignment=_RIGHT, initial_order=_DESC),
        Column("resolution", "Resolution", _readable(_resolution), _readable(lambda m: _resolution(m) or None)),
        _access_column(),
        _updated_column(),
    ]


def media_columns(decoration: Callable[[Any], Any] | None = None,
                  recordings: IndexSource = _no_index,
                  source_title: Callable[[str], str | None] = lambda _id: None) -> list[Column]:
    """All media; `decoration(obj)` gives the title cell's picture (main thread);
    `recordings()` the current RecordingIndex (which media the streams list);
    `source_title(id)` a clip's source's title, if known (a dict read: any thread)."""
    kind = _readable(lambda m: recordings().kind(m))
    stream = _readable(lambda m: stream_name(m, recordings()))
    return [
        *_media_base(decoration, lambda m: clip_title(m, media_title(m, recordings()), source_title)),
        Column("stream", "Stream", stream, stream),
        Column("kind", "Kind", kind, kind),
        Column("id", "Media ID", _readable(lambda m: m.id), _readable(lambda m: m.id)),
    ]


def recording_columns(thumbnail: Callable[[Any], Any] | None = None) -> list[Column]:
    """A stream's recordings; `thumbnail(obj)` gives the title cell's picture (main thread)."""
    return [
        *_media_base(thumbnail, recording_title),
        Column("id", "Media ID", _readable(lambda m: m.id), _readable(lambda m: m.id)),
    ]


def _search_stream(obj: Any) -> Iterable[str | None]:
    if isinstance(obj, Unreadable):
        return (_unreadable_text(obj),)
    return (obj.name, obj.id, obj.status, *(p.id for p in obj.playback_ids), *obj.metadata.values())


def _search_media(obj: Any) -> Iterable[str | None]:
    if isinstance(obj, Unreadable):
        return (_unreadable_text(obj),)
    return (media_name(obj), obj.id, obj.status, obj.stream_id,
            *(p.id for p in obj.playback_ids), *obj.metadata.values())


# `extra`: columns whose values live outside the items (the lazily loaded Views, ui/lists/view_counts.py).
def stream_model(parent: Any = None, decoration: Callable[[Any], Any] | None = None,
                 extra: Sequence[Column] = ()) -> RecordTableModel:
    return RecordTableModel([*stream_columns(decoration), *extra], row_id, status=status_of, search_text=_search_stream,
                            parent=parent)


def media_model(parent: Any = None, decoration: Callable[[Any], Any] | None = None,
                recordings: IndexSource = _no_index,
                source_title: Callable[[str], str | None] = lambda _id: None,
                extra: Sequence[Column] = ()) -> RecordTableModel:
    def search(obj: Any) -> Iterable[str | None]:
        return (*_search_media(obj), recordings().kind(obj) if isinstance(obj, Media) else None)

    return RecordTableModel([*media_columns(decoration, recordings, source_title), *extra], row_id, status=status_of,
                            search_text=search, parent=parent)


def recording_model(thumbnail: Callable[[Any], Any] | None = None, parent: Any = None,
                    extra: Sequence[Column] = ()) -> RecordTableModel:
    return RecordTableModel([*recording_columns(thumbnail), *extra], row_id, status=status_of,
                            search_text=_search_media, parent=parent)


def recordings_predicate(recordings: IndexSource) -> Callable[[Any], bool]:
    """The Media pane's "Recordings only" predicate: media some stream lists in mediaIds
    (Unreadable rows are hidden by it; nothing passes until the streams are known)."""
    return lambda obj: recordings().is_recording(obj)
