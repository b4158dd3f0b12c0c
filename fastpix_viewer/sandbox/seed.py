"""The deterministic seed workspace, plus lazily generated filler for ``--scale N``.

The seed covers what a client must cope with: streams in every status, recordings
linked both ways (``stream.mediaIds`` / ``media.streamId``), clips, media that are
processing or failed, private/DRM/restricted playback IDs, an audio-only media and
hostile or exotic text.  Filler records are a pure function of their index, so a
10,000-media workspace costs one list of IDs until a page is actually read.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .ids import IdSource
from .model import MediaRecord, PlaybackRecord, SimulcastRecord, StreamRecord

WORKSPACE_ID = "5b0c3a5e-7f61-4c2e-9d0a-6f1e2b9c4d17"
# Seed timestamps are relative to a fixed instant so every run serves identical JSON.
ANCHOR = datetime(2026, 11, 20, 9, 30, 0, 123456, tzinfo=UTC)

LONG_VALUE = ("A very long metadata value that keeps going " * 8)[:255]
HOSTILE_TITLE = '<img src=x onerror=alert(1)> <script>alert("t")</script> & friends'
RTL_TITLE = "Quarterly report \u202egpj.exe"  # RIGHT-TO-LEFT OVERRIDE: renders as "...exe.jpg"
UNICODE_TITLE = "日本語のタイトル · Ünïcödé · مرحبا 🎬"
LONG_TITLE = ("Extremely long title that will not fit in any column of a table view, " * 4)[:255]


# FastPix's example recording from docs/record-and-archive-live-streams, key for key.
DOCS_RECORDING: dict = {
    "thumbnail": "https://images.fastpix.com/837f028b-dcaf-4c23-b368-3748641f74ac/thumbnail.png",
    "id": "cfeec1a3-6cbd-40df-a425-2ed7f8f72ced",
    "workspaceId": "6dc2b4e0-0615-42fd-a580-1f4aad932dfe",
    "metadata": {"key1": "value1"},
    "maxResolution": "1080p",
    "sourceResolution": "1080p",
    "status": "Ready",
    "sourceAccess": False,
    "playbackIds": [{
        "id": "837f028b-dcaf-4c23-b368-3748641f74ac",
        "accessPolicy": "public",
        "accessRestrictions": {
            "domains": {"defaultPolicy": "allow", "allow": [], "deny": []},
            "userAgents": {"defaultPolicy": "allow", "allow": [], "deny": []},
        },
    }],
    "tracks": [{"id": "f301a2a1-b40d-40fa-b419-4d0cd92a62f8", "type": "video", "width": 1920,
                "height": 1080, "frameRate": "30/1", "closedCaptions": False}],
    "isAudioOnly": False,
    "subtitleAvailable": True,
    "duration": "00:00:10",
    "frameRate": "30/1",
    "aspectRatio": "16:9",
    "createdAt": "2025-01-09T06:44:44.617138Z",
    "updatedAt": "2025-01-09T06:44:53.742648Z",
}


@dataclass
class SeedWorkspace:
    streams: list[StreamRecord]
    media: list[MediaRecord]


def _at(days: float, hours: float = 0.0) -> datetime:
    return ANCHOR - timedelta(days=days, hours=hours)


def _tracks(ids: IdSource) -> tuple[str, ...]:
    # Enough stable IDs for the richest asset (video + 2 audio + subtitles).
    return tuple(ids.uuid() for _ in range(4))


def _restricted() -> dict:
    return {
        "domains": {"defaultPolicy": "deny", "allow": ["example.com", "*.example.org"], "deny": []},
        "userAgents": {"defaultPolicy": "allow", "allow": [], "deny": ["BadBot"]},
    }


def build_seed() -> SeedWorkspace:
    ids = IdSource("fastpix-viewer-sandbox-seed-v1")

    def stream(status: str, days: float, **kw) -> StreamRecord:
        sid = ids.hex32()
        record = StreamRecord(
            id=sid, stream_key=ids.secret(32) + "k" + sid, srt_secret=ids.secret(32) + "k" + sid,
            srt_playback_secret=ids.secret(32) + "k" + sid, status=status, created_at=_at(days), **kw,
        )
        if not record.playback_ids:
            record.playback_ids = [PlaybackRecord(ids.uuid(), "public")]
        return record

    def media(asset: str, days: float, status: str = "Ready", policies=("public",), **kw) -> MediaRecord:
        created = _at(days)
        updated = created + timedelta(seconds=7 + 3 * len(asset))
        return MediaRecord(
            id=ids.uuid(), asset=asset, status=status, created_at=created, updated_at=updated,
            playback_ids=[PlaybackRecord(ids.uuid(), p) for p in policies],
            track_ids=_tracks(ids), **kw,
        )

    town_hall = stream(
        "idle", 120, enable_dvr=True, metadata={"livestream_name": "Weekly town hall"},
        reconnect_window=120,
    )
    town_hall.simulcasts = [SimulcastRecord(
        ids.hex32(), "rtmp://live.example-cdn.net/app/", ids.secret(24), True,
        {"livestream_name": "Town hall (restream)"},
    )]
    spare = stream("idle", 90)
    launch = stream("preparing", 60, metadata={"livestream_name": "Launch event"})
    lobby = stream("active", 45, enable_dvr=True, metadata={"livestream_name": "24/7 lobby camera"},
                   reconnect_window=1800)
    lobby.playback_ids.append(PlaybackRecord(ids.uuid(), "private"))
    conference = stream("disabled", 200, media_policy="private",
                        metadata={"livestream_name": "DevConf 2026 (archived)", "room": "Hall A"})
    hostile = stream("active", 3, low_latency=True, trial=True, max_resolution="720p",
                     metadata={"livestream_name": "عرض مباشر 🎥 <b>live</b>", "note": HOSTILE_TITLE},
                     playback_ids=[PlaybackRecord(ids.uuid(), "private")])
    streams = [town_hall, spare, launch, lobby, conference, hostile]

    def recording(owner: StreamRecord, asset: str, days: float, status: str = "Ready", **kw) -> MediaRecord:
        policy = "private" if owner.media_policy == "private" else "public"
        kw.setdefault("stream_id", owner.id)
        record = media(asset, days, status, policies=(policy,), recording_of=owner.id,
                       metadata={"livestream_name": owner.metadata.get("livestream_name", "")}
                       if owner.metadata else {}, **kw)
        owner.media_ids.append(record.id)
        return record

    m: list[MediaRecord] = []
    # Town hall: three weekly recordings, the newest one in three renditions.
    m.append(recording(town_hall, "bars", 21, mp4_support=("capped_4k",)))
    m.append(recording(town_hall, "mandelbrot", 14))
    th_latest = recording(town_hall, "multires", 7, media_quality="pro", mp4_support=("capped_4k",))
    m.append(th_latest)
    m.append(recording(launch, "live-loop", 30, title="Launch rehearsal"))
    lobby_first = recording(lobby, "multilang", 10)
    m.append(lobby_first)
    m.append(recording(lobby, "live-loop", 0.2, status="Processing"))
    conf = [
        recording(conference, "bars", 190, title="Keynote"),
        recording(conference, "mandelbrot", 189, status="Failed", title="Track 1, morning"),
        recording(conference, "multires", 188, title="Track 1, afternoon"),
        recording(conference, "bars", 187, title="Lightning talks"),
        recording(conference, "multilang", 186, title="Closing panel (EN/ES)"),
    ]
    m.extend(conf)

    # Live clips: cut from a recording, so they carry both sourceMediaId and streamId.
    m.append(media("multires", 6.5, title="Town hall: the announcement", stream_id=town_hall.id,
                   source_media_id=th_latest.id, span=(2.0, 6.0)))
    m.append(media("multires", 6.4, title="Town hall: Q&A highlight", stream_id=town_hall.id,
                   source_media_id=th_latest.id, span=(4.0, 8.0)))
    m.append(media("multilang", 9.5, title="Lobby: visitor wave", stream_id=lobby.id,
                   source_media_id=lobby_first.id, span=(1.0, 5.0)))

    # Uploads.
    tour = media("multires", 40, title="Product tour (1080p / 720p / 480p)", media_quality="premium",
                 mp4_support=("capped_4k", "audioOnly"), creator_id="creator-42",
                 metadata={"category": "marketing", "owner": "video-team"})
    m.append(tour)
    interview = media("multilang", 35, title="Interview — English / Español",
                      policies=("public", "private"), metadata={"languages": "en,es"})
    m.append(interview)
    m.append(media("bars", 33, title="Colour bars (private)", policies=("private",)))
    m.append(media("mandelbrot", 31, title="Mandelbrot zoom (DRM)", policies=("drm",),
                   media_quality="premium"))
    m.append(media("audio-only", 28, title="Podcast episode 12", mp4_support=("audioOnly",),
                   metadata={"show": "Behind the pixels", "episode": "12"}))
    restricted = media("live-loop", 26, title="Partner preview (domain and user-agent restricted)")
    restricted.playback_ids[0].restrictions = _restricted()
    m.append(restricted)
    m.append(media("bars", 24, title=HOSTILE_TITLE, metadata={
        "html": "<b>bold</b> <i>italic</i> <a href='javascript:alert(1)'>link</a>",
        "img": "<img src=x onerror=alert(1)>", "quote": "\"'`;--", "newline": "line one\nline two",
    }))
    m.append(media("mandelbrot", 22, title=RTL_TITLE, metadata={"rtl": "\u202eevil\u202c ok", "rlm": "\u200fשלום"}))
    m.append(media("multires", 20, title=LONG_TITLE,
                   metadata={f"key{i:02d}": LONG_VALUE for i in range(10)}))
    m.append(media("multires", 0.1, status="Processing", title="Fresh upload (still processing)"))
    m.append(media("bars", 15, status="Failed", title="Corrupt upload (failed)"))
    m.append(media("multilang", 12, title=UNICODE_TITLE, metadata={"emoji": "🎬🎞️📼", "zh": "中文元数据"}))
    m.append(media("bars", 11))  # no title and empty metadata, like the recorded get-media
    m.append(media("multires", 39, title="Product tour: 4-second teaser", source_media_id=tour.id,
                   span=(0.0, 4.0)))
    m.append(media("multilang", 1, status="Processing", title="Interview: clip in progress",
                   source_media_id=interview.id, span=(2.0, 6.0)))

    # FastPix's documented forms (shared notes §10), added last so the IDs above stay stable.
    archive = stream("idle", 8, metadata={"livestream_name": "Record-and-archive demo"})
    streams.append(archive)
    # 1. The "Record and archive live streams" page's example recording, as printed there
    #    (no streamId, no mediaQuality, sourceResolution "1080p", frameRate "30/1").
    docs = MediaRecord(
        id=DOCS_RECORDING["id"], asset="multires", status="Ready",
        created_at=datetime.fromisoformat(DOCS_RECORDING["createdAt"]),
        updated_at=datetime.fromisoformat(DOCS_RECORDING["updatedAt"]),
        playback_ids=[PlaybackRecord(DOCS_RECORDING["playbackIds"][0]["id"], "public")],
        track_ids=(DOCS_RECORDING["tracks"][0]["id"],), recording_of=archive.id,
        metadata=dict(DOCS_RECORDING["metadata"]), verbatim=DOCS_RECORDING,
    )
    archive.media_ids.append(docs.id)
    m.append(docs)
    # A private recording, for long-playback checks against short token lifetimes (older than
    # the town hall's newest, so "the newest Ready recording" stays a public one).
    private_rec = recording(archive, "bars", 7.6, title="Archive: private recording")
    private_rec.playback_ids = [PlaybackRecord(ids.uuid(), "private")]
    m.append(private_rec)
    # 2. A recording whose status is not in the spec's enum, without streamId, already playable.
    m.append(recording(archive, "bars", 7.5, status="Transcoding", stream_id=None,
                       title="Archive: status outside the enum"))
    # 3. A recording with streamId and a lowercase status (as webhooks spell it).
    m.append(recording(archive, "mandelbrot", 7.4, status="ready", title="Archive: lowercase status"))
    # A live clip: streamId, no sourceMediaId, and in no stream's mediaIds.
    m.append(media("live-loop", 7.3, title="Archive: live clip of the opening", stream_id=archive.id,
                   span=(0.0, 4.0)))
    # An unknown status whose manifest is not served yet: the client must wait, boundedly.
    m.append(media("bars", 0.05, status="Queued", manifest_ready=False,
                   title="Upload queued (status outside the enum, not playable yet)"))
    return SeedWorkspace(streams=streams, media=m)


# ---------------------------------------------------------------- scale filler

FILLER_ASSETS = ("bars", "mandelbrot", "multires", "multilang", "live-loop")
# Filler is older than every seed record, so seed items stay on the first pages.
FILLER_EPOCH = ANCHOR - timedelta(days=400)


def filler_ids(kind: str, count: int) -> list[str]:
    """The IDs of ``count`` filler records, newest first (one fast pass over one generator)."""
    source = IdSource(f"fastpix-viewer-sandbox-filler-{kind}")
    make = source.hex32 if kind == "stream" else source.uuid
    return [make() for _ in range(count)]


def filler_stream(index: int, stream_id: str, media_ids: list[str]) -> StreamRecord:
    rng = random.Random(f"filler-stream-{index}")
    ids = IdSource(f"filler-stream-ids-{index}")
    return StreamRecord(
        id=stream_id, stream_key=ids.secret(32) + "k" + stream_id,
        srt_secret=ids.secret(32) + "k" + stream_id, srt_playback_secret=ids.secret(32) + "k" + stream_id,
        status="disabled" if index % 7 == 6 else "idle",
        created_at=FILLER_EPOCH - timedelta(hours=6 * index + 1),
        enable_dvr=rng.random() < 0.3,
        metadata={"livestream_name": f"Channel {index + 1:04d}"},
        playback_ids=[PlaybackRecord(ids.uuid(), "public")],
        media_ids=media_ids,
    )


def filler_media(index: int, media_id: str, playback_id: str, stream_id: str | None) -> MediaRecord:
    ids = IdSource(f"filler-media-ids-{index}")
    created = FILLER_EPOCH - timedelta(minutes=37 * index + 1)
    status = "Failed" if index % 89 == 88 else "Processing" if index % 97 == 96 else "Ready"
    return MediaRecord(
        id=media_id, asset=FILLER_ASSETS[index % len(FILLER_ASSETS)], status=status,
        created_at=created, updated_at=created + timedelta(seconds=42),
        playback_ids=[PlaybackRecord(playback_id, "public")], track_ids=_tracks(ids),
        title=f"Archive item {index + 1:05d}", stream_id=stream_id,
        metadata={"batch": str(index // 100)},
    )
