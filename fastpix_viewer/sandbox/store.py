"""The mutable workspace behind the API: seed + filler, pagination, state transitions.

All access goes through one lock: requests arrive on uvicorn's event loop and its
thread pool, and tests call :meth:`Workspace.reset` from their own thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .broadcasts import (  # noqa: F401  (re-exported: the handlers import them from here)
    BROADCASTING,
    DEFAULT_RECORDING_DELAY,
    RECORDING_MODES,
    BroadcastLifecycle,
    TransitionError,
    utc_now,
)
from .live import BACKFILL_SEGMENTS, segment_duration
from .model import MediaRecord, PlaybackRecord, StreamRecord, status_word
from .seed import FILLER_EPOCH, build_seed, filler_ids, filler_media, filler_stream

# A filler stream j owns filler media 10j and 10j+1 (newest last in its mediaIds).
RECORDINGS_PER_FILLER_STREAM = 2
# Seed streams that are already active have been live this long at reset.
SEED_LIVE_FOR = 60.0
# Switches for behaviour FastPix does not document (shared notes §10): every value is served.
#   recording_stream_id  seed: as seeded (mixed) | always: recordings carry streamId | never
#   metadata_patch       replace: PATCH metadata replaces the map | merge: keys are merged
#   token_exp            every: the stream host checks a token's exp on every request |
#                        master: only on the master playlist (children and segments go on)
#   recording_clip       live: a clip cut from a recording carries its stream's streamId and is
#                        one of the stream's live clips | plain: no streamId, not a live clip
#                        (decided when the clip is created)
#   live_clips           clips: /live-clips lists a stream's live clips only | with_recordings:
#                        its recordings too (shared notes §11.3: unconfirmed either way)
MODE_CHOICES: dict[str, tuple[str, ...]] = {
    "recording_stream_id": ("seed", "always", "never"),
    "metadata_patch": ("replace", "merge"),
    "token_exp": ("every", "master"),
    "spritesheet": ("snake", "camel"),  # the spritesheet JSON's field names (spritesheets.py)
    "recording_clip": ("live", "plain"),
    "live_clips": ("clips", "with_recordings"),
}
DEFAULT_MODES = {name: choices[0] for name, choices in MODE_CHOICES.items()}


def check_modes(modes: dict) -> dict[str, str]:
    """The full mode set with ``modes`` applied; ValueError names a bad key or value."""
    out = dict(DEFAULT_MODES)
    for name, value in modes.items():
        if name not in MODE_CHOICES:
            raise ValueError(f"unknown mode {name!r} (known: {', '.join(MODE_CHOICES)})")
        if value not in MODE_CHOICES[name]:
            raise ValueError(f"{name} must be one of {', '.join(MODE_CHOICES[name])}")
        out[name] = value
    return out
@dataclass(frozen=True)
class Page:
    items: list
    total: int


class Workspace(BroadcastLifecycle):
    def __init__(self, scale: int | None = None, processing_delay: float | None = None,
                 recording_appears: str = "end", modes: dict | None = None) -> None:
        if recording_appears not in RECORDING_MODES:
            raise ValueError(f"recording_appears must be one of {RECORDING_MODES}")
        self._lock = threading.RLock()
        self._scale = scale
        self._initial_delay = processing_delay
        self._initial_recording_appears = recording_appears
        self._initial_modes = check_modes(modes or {})
        self.reset()

    # ------------------------------------------------------------ lifecycle

    def reset(self) -> None:
        """Back to the seed (and the configuration the server started with)."""
        with self._lock:
            seed = build_seed()
            self._streams: dict[str, StreamRecord] = {s.id: s for s in seed.streams}
            self._media: dict[str, MediaRecord] = {m.id: m for m in seed.media}
            self._stream_order = [s.id for s in sorted(seed.streams, key=lambda s: s.created_at, reverse=True)]
            self._media_order = [m.id for m in sorted(seed.media, key=lambda m: m.created_at, reverse=True)]
            self._filler_streams: dict[str, int] = {}
            self._filler_media: dict[str, int] = {}
            self._filler_playback: dict[str, int] = {}
            self._filler_media_ids: list[str] = []
            self._filler_playback_ids: list[str] = []
            self._filler_stream_ids: list[str] = []
            if self._scale:
                self._add_filler(self._scale)
            self._playback: dict[str, tuple[str, str]] = {}
            for s in seed.streams:
                for p in s.playback_ids:
                    self._playback[p.id] = ("stream", s.id)
            for m in seed.media:
                for p in m.playback_ids:
                    self._playback[p.id] = ("media", m.id)
            self.processing_delay: float | None = None
            self._ready_deadline: float | None = None
            if self._initial_delay is not None:
                self.set_processing_delay(self._initial_delay)
            self.recording_appears = self._initial_recording_appears
            self.modes: dict[str, str] = dict(self._initial_modes)
            # Seconds the stream host's clock runs ahead when it checks token expiry (tests
            # let a token's lifetime pass, e.g. during a long pause, without waiting).
            self.clock_offset = 0.0
            now = time.monotonic()
            for stream in seed.streams:
                if stream.status == "active":
                    stream.live_since = now - SEED_LIVE_FOR
                    newest = self._media.get(stream.media_ids[-1]) if stream.media_ids else None
                    if newest is not None and status_word(newest) == "processing":
                        # FastPix created this recording when the broadcast started.
                        stream.recording_media_id = newest.id
                        stream.recording_appears = "start"
                        newest.ready_at = BROADCASTING

    def _add_filler(self, scale: int) -> None:
        media_count = max(0, scale - len(self._media_order))
        stream_count = max(0, scale // 10 - len(self._stream_order))
        self._filler_media_ids = filler_ids("media", media_count)
        self._filler_playback_ids = filler_ids("playback", media_count)
        self._filler_stream_ids = filler_ids("stream", stream_count)
        self._filler_media = {mid: i for i, mid in enumerate(self._filler_media_ids)}
        self._filler_playback = {pid: i for i, pid in enumerate(self._filler_playback_ids)}
        self._filler_streams = {sid: i for i, sid in enumerate(self._filler_stream_ids)}
        # Seed media older than the filler (FastPix's 2025 docs example) stay after it, so
        # pages stay in createdAt order.
        older = [mid for mid in self._media_order if self._media[mid].created_at < FILLER_EPOCH]
        newer = [mid for mid in self._media_order if mid not in set(older)]
        self._media_order = newer + self._filler_media_ids + older
        self._stream_order.extend(self._filler_stream_ids)

    def set_recording_appears(self, mode: str) -> None:
        """When broadcasts' recordings appear in ``mediaIds``: at the "start" or the "end"."""
        if mode not in RECORDING_MODES:
            raise ValueError(f"recording_appears must be one of {RECORDING_MODES}")
        with self._lock:
            self.recording_appears = mode

    def set_modes(self, modes: dict) -> None:
        """Change some switches (see MODE_CHOICES); the others keep their value."""
        with self._lock:
            self.modes = check_modes({**self.modes, **modes})

    def set_processing_delay(self, seconds: float | None) -> None:
        """Processing media turn Ready ``seconds`` from now (None: they stay Processing)."""
        with self._lock:
            self.processing_delay = seconds
            self._ready_deadline = None if seconds is None else time.monotonic() + seconds

    # ------------------------------------------------------------ lookups

    def stream(self, stream_id: str) -> StreamRecord | None:
        with self._lock:
            record = self._streams.get(stream_id)
            if record is None and stream_id in self._filler_streams:
                record = self._materialize_stream(self._filler_streams[stream_id])
            if record is not None:
                self._settle_stream(record)
            return record

    def _settle_stream(self, record: StreamRecord) -> None:
        """A broadcast's "preparing" turns "active" once its time has come."""
        if record.status == "preparing" and record.preparing_until is not None \
                and time.monotonic() >= record.preparing_until:
            record.status = "active"
            # The encoder has been sending while preparing: a few segments already exist.
            record.live_since = record.preparing_until - BACKFILL_SEGMENTS * segment_duration()
            record.preparing_until = None

    def media(self, media_id: str) -> MediaRecord | None:
        with self._lock:
            record = self._media.get(media_id)
            if record is None and media_id in self._filler_media:
                record = self._materialize_media(self._filler_media[media_id])
            if record is not None:
                self._settle(record)
            return record

    def playback(self, playback_id: str) -> tuple[PlaybackRecord, MediaRecord | StreamRecord] | None:
        """The playback ID and its owner (a media or a live stream), or None."""
        with self._lock:
            owner: MediaRecord | StreamRecord | None
            if playback_id in self._playback:
                kind, owner_id = self._playback[playback_id]
                owner = self.media(owner_id) if kind == "media" else self.stream(owner_id)
            elif playback_id in self._filler_playback:
                owner = self.media(self._filler_media_ids[self._filler_playback[playback_id]])
            else:
                return None
            if owner is None:
                return None
            for p in owner.playback_ids:
                if p.id == playback_id:
                    return p, owner
            return None

    def _materialize_stream(self, index: int) -> StreamRecord:
        sid = self._filler_stream_ids[index]
        first = index * RECORDINGS_PER_FILLER_STREAM
        recordings = [self._filler_media_ids[i] for i in range(first, first + RECORDINGS_PER_FILLER_STREAM)
                      if i < len(self._filler_media_ids)]
        record = filler_stream(index, sid, list(reversed(recordings)))
        self._streams[sid] = record
        for p in record.playback_ids:
            self._playback[p.id] = ("stream", sid)
        return record

    def _materialize_media(self, index: int) -> MediaRecord:
        mid = self._filler_media_ids[index]
        stream_index = index // RECORDINGS_PER_FILLER_STREAM
        stream_id = self._filler_stream_ids[stream_index] if stream_index < len(self._filler_stream_ids) else None
        record = filler_media(index, mid, self._filler_playback_ids[index], stream_id)
        self._media[mid] = record
        return record

    def _settle(self, record: MediaRecord) -> None:
        """Apply the processing-to-ready delay lazily, when a record is looked at."""
        if status_word(record) != "processing":
            return
        deadline = record.ready_at if record.ready_at is not None else self._ready_deadline
        if deadline is not None and time.monotonic() >= deadline:
            record.status = "Ready"
            record.updated_at = utc_now()
            record.ready_at = None

    # ------------------------------------------------------------ listing

    def _page(self, order: list[str], fetch: Callable[[str], object], limit: int, offset: int,
              ascending: bool) -> Page:
        total = len(order)
        start = (offset - 1) * limit
        if ascending:
            # The order list is newest first; ascending pages read it from the end.
            indices = range(total - 1 - start, max(total - 1 - start - limit, -1), -1)
        else:
            indices = range(start, min(start + limit, total))
        items = [fetch(order[i]) for i in indices if 0 <= i < total]
        return Page(items=[i for i in items if i is not None], total=total)

    def page_streams(self, limit: int, offset: int, ascending: bool = False) -> Page:
        with self._lock:
            return self._page(self._stream_order, self.stream, limit, offset, ascending)

    def page_media(self, limit: int, offset: int, ascending: bool = False) -> Page:
        with self._lock:
            return self._page(self._media_order, self.media, limit, offset, ascending)

    def _filtered_page(self, predicate: Callable[[MediaRecord], bool], limit: int, offset: int,
                       ascending: bool) -> Page:
        # Only seed/materialized records can be clips; filler media never are.
        with self._lock:
            order = [mid for mid in self._media_order
                     if mid in self._media and predicate(self._media[mid])]
            return self._page(order, self.media, limit, offset, ascending)

    def page_live_clips(self, stream_id: str, limit: int, offset: int, ascending: bool = False) -> Page:
        with_recordings = self.modes["live_clips"] == "with_recordings"
        return self._filtered_page(
            lambda m: (m.stream_id == stream_id and m.recording_of is None)
            or (with_recordings and m.recording_of == stream_id), limit, offset, ascending)

    def page_media_clips(self, media_id: str, limit: int, offset: int, ascending: bool = False) -> Page:
        return self._filtered_page(lambda m: m.source_media_id == media_id, limit, offset, ascending)

    # ------------------------------------------------------------ mutations

    def update_media(self, media_id: str, changes: dict) -> MediaRecord | None:
        with self._lock:
            record = self.media(media_id)
            if record is None:
                return None
            if "metadata" in changes:
                if self.modes["metadata_patch"] == "merge":  # keys the request left out stay
                    record.metadata = {**record.metadata, **changes["metadata"]}
                else:
                    record.metadata = dict(changes["metadata"])
            if "title" in changes:
                record.title = changes["title"]
            if "creatorId" in changes:
                record.creator_id = changes["creatorId"]
            if record.verbatim is not None:
                record.verbatim = {**record.verbatim, "metadata": dict(record.metadata)}
                for key, value in (("title", record.title), ("creatorId", record.creator_id)):
                    if value is not None:
                        record.verbatim[key] = value
            record.updated_at = utc_now()
            return record

    def delete_media(self, media_id: str) -> bool:
        """Remove a media. Streams keep listing its ID in ``mediaIds`` (clients must cope)."""
        with self._lock:
            record = self.media(media_id)
            if record is None:
                return False
            self._media_order.remove(media_id)
            self._media.pop(media_id, None)
            self._filler_media.pop(media_id, None)
            for p in record.playback_ids:
                self._playback.pop(p.id, None)
                self._filler_playback.pop(p.id, None)
            return True

    def add_media(self, record: MediaRecord) -> MediaRecord:
        """A new media (e.g. a clip), newest first in listings, its playback IDs served."""
        with self._lock:
            self._media[record.id] = record
            self._media_order.insert(0, record.id)
            for p in record.playback_ids:
                self._playback[p.id] = ("media", record.id)
            return record

    def add_playback_id(self, owner: MediaRecord | StreamRecord, playback: PlaybackRecord) -> None:
        with self._lock:
            owner.playback_ids.append(playback)
            self._playback[playback.id] = ("stream" if isinstance(owner, StreamRecord) else "media", owner.id)

    def remove_playback_id(self, owner: MediaRecord | StreamRecord, playback_id: str) -> bool:
        """Drop one playback ID (the stream host stops serving it at once)."""
        with self._lock:
            kept = [p for p in owner.playback_ids if p.id != playback_id]
            if len(kept) == len(owner.playback_ids):
                return False
            owner.playback_ids[:] = kept
            self._playback.pop(playback_id, None)
            self._filler_playback.pop(playback_id, None)
            return True
