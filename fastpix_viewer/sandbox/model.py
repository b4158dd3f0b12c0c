"""The workspace's records, independent of any wire format (``wire.py`` renders them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


def open_restrictions() -> dict:
    return {
        "domains": {"defaultPolicy": "allow", "allow": [], "deny": []},
        "userAgents": {"defaultPolicy": "allow", "allow": [], "deny": []},
    }


@dataclass
class PlaybackRecord:
    id: str
    access_policy: str  # "public" | "private" | "drm"
    restrictions: dict = field(default_factory=open_restrictions)


@dataclass
class SimulcastRecord:
    id: str
    url: str
    stream_key: str
    enabled: bool
    metadata: dict[str, str]


@dataclass
class StreamRecord:
    id: str  # 32 hex characters, as FastPix issues them
    stream_key: str
    srt_secret: str
    srt_playback_secret: str
    status: str  # idle | preparing | active | disabled
    created_at: datetime
    max_resolution: str = "1080p"
    reconnect_window: int = 60
    enable_dvr: bool = False
    media_policy: str = "public"
    metadata: dict[str, str] = field(default_factory=dict)
    low_latency: bool = False
    trial: bool = False
    max_duration: int = 0
    playback_ids: list[PlaybackRecord] = field(default_factory=list)
    simulcasts: list[SimulcastRecord] = field(default_factory=list)
    media_ids: list[str] = field(default_factory=list)  # oldest first; last = current recording
    # The current broadcast (monotonic clock): when segment 0 of the live timeline began,
    # when "preparing" turns "active" (None: stays preparing), which media records it and
    # whether that media appeared at the start ("start") or will at the end ("end").
    live_since: float | None = None
    preparing_until: float | None = None
    recording_media_id: str | None = None
    recording_appears: str = "end"


@dataclass
class MediaRecord:
    id: str
    asset: str  # sample asset name (assets.ASSET_NAMES)
    status: str  # Ready | Processing | Failed, or as FastPix might send it ("ready", "Transcoding")
    created_at: datetime
    updated_at: datetime
    playback_ids: list[PlaybackRecord]
    track_ids: tuple[str, ...]  # stable IDs handed to tracks in order
    metadata: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    creator_id: str | None = None
    stream_id: str | None = None
    source_media_id: str | None = None
    media_quality: str = "standard"
    max_resolution: str | None = None  # None: derived from the asset
    source_access: bool = False
    mp4_support: tuple[str, ...] = ()  # subset of ("capped_4k", "audioOnly")
    # Clips cover part of their asset: (start, end) seconds; None = the whole asset.
    span: tuple[float, float] | None = None
    # Processing media with their own deadline (monotonic clock); None = the global delay.
    ready_at: float | None = None
    # Recordings of sandbox broadcasts: how many live-loop segments the event lasted.
    live_segments: int | None = None
    # The stream whose mediaIds lists this media (a recording). Whether the media's own JSON
    # carries ``streamId`` is ``stream_id`` (the seed mixes both; a mode can force either).
    recording_of: str | None = None
    # A status outside Ready/Processing/Failed (any case): whether the stream host already
    # serves the manifest (FastPix may report a status we do not know for a playable media).
    manifest_ready: bool = True
    # Served exactly as given (FastPix's docs example); only the thumbnail host is rewritten.
    verbatim: dict | None = None
    # MP4 renditions still being made after update-mp4Support: type -> monotonic deadline.
    mp4_pending: dict[str, float] = field(default_factory=dict)


def status_word(media: MediaRecord) -> str:
    """"ready", "processing" (also "Created": a new clip), "failed", or "other" (a status
    outside FastPix's enum)."""
    word = media.status.strip().lower()
    if word == "created":
        return "processing"
    return word if word in ("ready", "processing", "failed") else "other"


def serves_manifest(media: MediaRecord) -> bool:
    word = status_word(media)
    return word == "ready" or (word == "other" and media.manifest_ready)
