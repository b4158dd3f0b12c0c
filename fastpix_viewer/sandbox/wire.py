"""Render records as FastPix JSON, key for key, for one wire version.

Key order and the omit-when-empty rules follow the recorded responses in
``shared/fastpix-openapi/observed-responses`` (the spec fills the gaps: ``sourceMediaId``,
``streamId``, ``creatorId``, ``mediaIds``).  Wire versions:

* ``2026-09`` (default): ``duration`` float seconds, ``mp4Support`` a list of renditions.
* ``2026-05``: ``duration`` ``"HH:MM:SS"``, ``mp4Support`` one string, track statuses in
  the mixed case of the recordings (``"available"`` and ``"Ready"``).
"""

from __future__ import annotations

import json
import time
from datetime import datetime

from .assets import SampleAsset, load_asset
from .model import MediaRecord, PlaybackRecord, StreamRecord, serves_manifest, status_word
from .seed import WORKSPACE_ID

WIRE_VERSIONS = ("2026-09", "2026-05")
DEFAULT_WIRE = "2026-09"


def timestamp(value: datetime) -> str:
    """FastPix's format: microseconds and a literal Z."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def hhmmss(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def stream_playback(p: PlaybackRecord) -> dict:
    # Live playback IDs carry no accessRestrictions in the recordings.
    return {"id": p.id, "accessPolicy": p.access_policy}


def media_playback(p: PlaybackRecord) -> dict:
    return {
        "id": p.id,
        "accessPolicy": p.access_policy,
        "accessRestrictions": {
            "domains": dict(p.restrictions["domains"]),
            "userAgents": dict(p.restrictions["userAgents"]),
        },
    }


def stream_json(s: StreamRecord) -> dict:
    out: dict = {
        "streamId": s.id,
        "streamKey": s.stream_key,
        "srtSecret": s.srt_secret,
        "trial": s.trial,
        "status": s.status,
        "maxResolution": s.max_resolution,
        "maxDuration": s.max_duration,
        "createdAt": timestamp(s.created_at),
        "reconnectWindow": s.reconnect_window,
        "enableRecording": True,
        "enableDvrMode": s.enable_dvr,
        "mediaPolicy": s.media_policy,
    }
    if s.metadata:
        out["metadata"] = dict(s.metadata)
    out["lowLatency"] = s.low_latency
    out["closedCaptions"] = False
    out["playbackIds"] = [stream_playback(p) for p in s.playback_ids]
    if s.simulcasts:
        out["simulcastResponses"] = [
            {"simulcastId": c.id, "url": c.url, "streamKey": c.stream_key, "isEnabled": c.enabled,
             "metadata": dict(c.metadata)}
            for c in s.simulcasts
        ]
    if s.media_ids:
        out["mediaIds"] = list(s.media_ids)
    out["srtPlaybackResponse"] = {
        "srtPlaybackStreamId": "play" + s.id,
        "srtPlaybackSecret": s.srt_playback_secret,
    }
    return out


def _resolution_name(height: int) -> str:
    # FastPix's media schemas (GetMediaResponse, GetAllMediaResponse, Media) list maxResolution
    # as 2160p|1440p|1080p|720p|480p only, so a 360p source reports the lowest tier, "480p";
    # its real height is in sourceResolution ("360"), as in the recorded responses.
    for name, h in (("2160p", 2160), ("1440p", 1440), ("1080p", 1080), ("720p", 720), ("480p", 480)):
        if height >= h:
            return name
    return "480p"


def _aspect(width: int, height: int) -> str:
    from math import gcd

    g = gcd(width, height) or 1
    return f"{width // g}:{height // g}"


def media_duration(m: MediaRecord, asset: SampleAsset) -> float:
    if not serves_manifest(m):
        return 0.0
    if m.span is not None:  # a clip (also of a broadcast's recording)
        return round(m.span[1] - m.span[0], 3)
    if m.live_segments is not None:
        return round(m.live_segments * asset.segment_duration, 3)
    return round(asset.duration, 3)


def _tracks(m: MediaRecord, asset: SampleAsset, wire: str) -> list[dict]:
    if status_word(m) == "failed":
        return []
    # 2026-05 recordings mix "available" and "Ready"; keep it stable per media.
    ready = "Ready" if wire == "2026-05" and int(m.id[0], 16) % 2 else "available"
    status = ready if serves_manifest(m) else "preparing"
    ids = iter(m.track_ids)
    tracks: list[dict] = []
    if not asset.audio_only:
        width, height = asset.top_size
        tracks.append({"id": next(ids), "type": "video", "width": width, "height": height,
                       "frameRate": f"{asset.frame_rate:.3f}", "status": status})
    if asset.audio:
        for a in asset.audio[:2]:
            tracks.append({"id": next(ids), "type": "audio", "status": status,
                           "languageCode": a.language, "languageName": a.name})
    else:
        tracks.append({"id": next(ids), "type": "audio", "status": status,
                       "languageCode": "und", "languageName": "default"})
    for sub in asset.subtitles[:1]:
        tracks.append({"id": next(ids), "type": "subtitle", "status": status,
                       "languageCode": sub.language, "languageName": sub.name})
    return tracks


def _mp4_support(m: MediaRecord, asset: SampleAsset, wire: str) -> str | list[dict] | None:
    kinds = [k for k in ("capped_4k", "audioOnly") if k in m.mp4_support]
    if not kinds:
        return None
    if wire == "2026-05":
        return ",".join(sorted(kinds))  # "audioOnly,capped_4k" as the request side spells it
    media_status = {"ready": "ready", "failed": "failed"}.get(status_word(m), "preparing")
    out = []
    for kind in kinds:
        status = "preparing" if time.monotonic() < m.mp4_pending.get(kind, 0.0) else media_status
        if kind == "capped_4k":
            width, height = (asset.mp4 or {}).get("width") or asset.top_size[0], \
                (asset.mp4 or {}).get("height") or asset.top_size[1]
            out.append({"type": kind, "status": status, "width": int(width), "height": int(height),
                        "ext": "mp4"})
        else:
            out.append({"type": kind, "status": status, "ext": "m4a"})
    return out


RECORDING_STREAM_ID_MODES = ("seed", "always", "never")


def _verbatim(m: MediaRecord, image_base: str) -> dict:
    out = json.loads(json.dumps(m.verbatim))
    thumb = out.get("thumbnail")
    if isinstance(thumb, str) and "/" in thumb and m.playback_ids:
        # The docs' thumbnail points at images.fastpix.com; serve it from this sandbox instead.
        out["thumbnail"] = f"{image_base}/{m.playback_ids[0].id}/thumbnail.png"
    return out


def media_json(m: MediaRecord, image_base: str, wire: str, recording_stream_id: str = "seed") -> dict:
    """One media as FastPix sends it. ``recording_stream_id``: whether recordings carry
    ``streamId`` as seeded ("seed"), all of them ("always") or none ("never", as in the
    docs' example recording)."""
    if m.verbatim is not None:
        return _verbatim(m, image_base)
    asset = load_asset(m.asset)
    width, height = asset.top_size
    out: dict = {}
    if m.playback_ids:
        out["thumbnail"] = f"{image_base}/{m.playback_ids[0].id}/thumbnail.png"
    out["id"] = m.id
    if m.source_media_id:
        out["sourceMediaId"] = m.source_media_id
    out["workspaceId"] = WORKSPACE_ID
    stream_id = m.stream_id
    if m.recording_of is not None and recording_stream_id == "always":
        stream_id = m.recording_of
    elif m.recording_of is not None and recording_stream_id == "never":
        stream_id = None
    if stream_id:
        out["streamId"] = stream_id
    out["metadata"] = dict(m.metadata)
    out["mediaQuality"] = m.media_quality
    if m.creator_id:
        out["creatorId"] = m.creator_id
    if m.title is not None:
        out["title"] = m.title
    if asset.audio_only:
        out["maxResolution"] = "NA"  # as FastPix reports for media without video
        out["sourceResolution"] = "0"
    else:
        out["maxResolution"] = m.max_resolution or _resolution_name(height)
        out["sourceResolution"] = str(height)
    out["status"] = m.status
    mp4 = _mp4_support(m, asset, wire)
    if mp4 is not None:
        out["mp4Support"] = mp4
    out["sourceAccess"] = m.source_access
    out["playbackIds"] = [media_playback(p) for p in m.playback_ids]
    out["tracks"] = _tracks(m, asset, wire)
    out["generatedSubtitles"] = []
    out["isAudioOnly"] = asset.audio_only
    out["subtitleAvailable"] = bool(asset.subtitles) and serves_manifest(m)
    duration = media_duration(m, asset)
    out["duration"] = hhmmss(duration) if wire == "2026-05" else duration
    if not asset.audio_only:
        out["aspectRatio"] = _aspect(width, height)
    out["createdAt"] = timestamp(m.created_at)
    out["updatedAt"] = timestamp(m.updated_at)
    return out


def pagination_json(total: int, offset: int, limit: int) -> dict:
    return {"totalRecords": total, "currentOffset": offset, "offsetCount": -(-total // limit)}
