"""A live stream's life in the sandbox workspace: enable, disable, finish, start and end a
broadcast, and the recording each broadcast leaves (as FastPix does). A mixin of
`store.Workspace`, which owns the records and the lock these methods take."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .live import LIVE_ASSET, live_loop
from .model import MediaRecord, PlaybackRecord, StreamRecord

# Recordings of sandbox broadcasts turn Ready this long after the broadcast ends when no
# processing_delay is configured (seed media that are Processing then stay so).
DEFAULT_RECORDING_DELAY = 3.0
RECORDING_MODES = ("start", "end")

# A recording whose broadcast is still going: never Ready before it ends.
BROADCASTING = float("inf")


class TransitionError(Exception):
    """A state change FastPix refuses (answered as 400 with this message/description)."""

    def __init__(self, message: str, description: str) -> None:
        super().__init__(message)
        self.message = message
        self.description = description


def utc_now() -> datetime:
    return datetime.now(UTC)


class BroadcastLifecycle:
    """`Workspace`'s stream state changes (see the module docstring)."""

    if TYPE_CHECKING:  # provided by Workspace
        _lock: threading.RLock
        _media: dict[str, MediaRecord]
        _media_order: list[str]
        _streams: dict[str, StreamRecord]
        _playback: dict[str, tuple[str, str]]
        processing_delay: float | None
        recording_appears: str

        def stream(self, stream_id: str) -> StreamRecord | None: ...

        def _settle_stream(self, record: StreamRecord) -> None: ...

    def finish_stream(self, stream_id: str) -> StreamRecord | None:
        with self._lock:
            record = self.stream(stream_id)
            if record is None:
                return None
            if record.status != "active":
                raise TransitionError("stream cannot be completed",
                                      "Only active streams can be marked as completed.")
            self._end_broadcast(record)
            return record

    def enable_stream(self, stream_id: str) -> StreamRecord | None:
        with self._lock:
            record = self.stream(stream_id)
            if record is None:
                return None
            if record.status != "disabled":
                raise TransitionError("stream is already enabled",
                                      "Only disabled streams can be enabled.")
            if record.trial:
                raise TransitionError("stream cannot be enabled",
                                      "Trial streams cannot be re-enabled once disabled.")
            record.status = "idle"
            return record

    def disable_stream(self, stream_id: str) -> StreamRecord | None:
        with self._lock:
            record = self.stream(stream_id)
            if record is None:
                return None
            if record.status == "disabled":
                raise TransitionError("stream is already disabled",
                                      "The stream is already in a disabled state.")
            if record.status in ("active", "preparing"):
                self._end_broadcast(record)  # disabling disconnects the encoder
            record.status = "disabled"
            return record

    # ------------------------------------------------------------ broadcasts

    def start_broadcast(self, stream_id: str, preparing_seconds: float = 1.0,
                        recording_appears: str | None = None) -> StreamRecord | None:
        """An encoder connects: idle -> preparing -> (after ``preparing_seconds``) active."""
        appears = recording_appears or self.recording_appears
        if appears not in RECORDING_MODES:
            raise ValueError(f"recording_appears must be one of {RECORDING_MODES}")
        with self._lock:
            record = self.stream(stream_id)
            if record is None:
                return None
            if record.status != "idle":
                raise TransitionError("stream cannot start broadcasting",
                                      f"Only idle streams can start a broadcast (this one is {record.status}).")
            record.status = "preparing"
            record.preparing_until = time.monotonic() + max(0.0, preparing_seconds)
            record.recording_appears = appears
            record.recording_media_id = None
            if appears == "start":
                media = self._new_recording(record)
                media.ready_at = BROADCASTING
                record.recording_media_id = media.id
            self._settle_stream(record)
            return record

    def broadcasting(self) -> list[StreamRecord]:
        """Streams that are preparing or active (filler streams only once looked up)."""
        with self._lock:
            live = []
            for record in list(self._streams.values()):
                self._settle_stream(record)
                if record.status in ("preparing", "active"):
                    live.append(record)
            return live

    def end_broadcast(self, stream_id: str) -> MediaRecord | None:
        """The encoder disconnects (like ``finish``, but also from ``preparing``)."""
        with self._lock:
            record = self.stream(stream_id)
            if record is None:
                return None
            if record.status not in ("active", "preparing"):
                raise TransitionError("stream is not broadcasting",
                                      f"Only preparing or active streams can end a broadcast (this one is {record.status}).")
            return self._end_broadcast(record)

    def _end_broadcast(self, record: StreamRecord) -> MediaRecord:
        loop = live_loop()
        produced = loop.produced(record.live_since) if (loop and record.live_since is not None) else 0
        media = self._media.get(record.recording_media_id or "")
        if media is None:
            media = self._new_recording(record)
        media.live_segments = max(1, produced)
        media.status = "Processing"
        delay = self.processing_delay if self.processing_delay is not None else DEFAULT_RECORDING_DELAY
        media.ready_at = time.monotonic() + delay
        media.updated_at = utc_now()
        record.status = "idle"
        record.live_since = None
        record.preparing_until = None
        record.recording_media_id = None
        return media

    def _new_recording(self, stream: StreamRecord) -> MediaRecord:
        now = utc_now()
        policy = "private" if stream.media_policy == "private" else "public"
        media = MediaRecord(
            id=str(uuid.uuid4()), asset=LIVE_ASSET, status="Processing", created_at=now, updated_at=now,
            playback_ids=[PlaybackRecord(str(uuid.uuid4()), policy)],
            track_ids=tuple(str(uuid.uuid4()) for _ in range(4)), stream_id=stream.id, recording_of=stream.id,
            metadata={"livestream_name": stream.metadata["livestream_name"]}
            if "livestream_name" in stream.metadata else {},
        )
        self._media[media.id] = media
        self._media_order.insert(0, media.id)
        self._playback[media.playback_ids[0].id] = ("media", media.id)
        stream.media_ids.append(media.id)
        return media
