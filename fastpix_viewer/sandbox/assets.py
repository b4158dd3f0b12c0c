"""The sample recordings (``resources/sample-media/<asset>/asset.json``) as typed records.

The media generator writes one ``asset.json`` per asset; everything the sandbox serves
(master playlists, tracks in the API, thumbnails, MP4 downloads) is derived from it.
When an asset is missing (e.g. a partial checkout) the API still answers from a
built-in description, and the stream/image hosts answer 404 for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fastpix_viewer.resources import sample_media_dir

ASSET_NAMES = ("multires", "multilang", "bars", "mandelbrot", "live-loop", "audio-only")


@dataclass(frozen=True)
class Variant:
    name: str
    width: int
    height: int
    bandwidth: int
    codecs: str
    playlist: str


@dataclass(frozen=True)
class AudioRendition:
    language: str
    name: str
    playlist: str
    default: bool
    codecs: str


@dataclass(frozen=True)
class SubtitleRendition:
    language: str
    name: str
    playlist: str


@dataclass(frozen=True)
class SampleAsset:
    name: str
    label: str
    duration: float
    audio_only: bool
    frame_rate: float
    segment_duration: float
    variants: tuple[Variant, ...]
    audio: tuple[AudioRendition, ...]
    subtitles: tuple[SubtitleRendition, ...]
    mp4: dict | None
    m4a: dict | None
    frame_interval: float
    frame_size: tuple[int, int]
    frame_files: tuple[str, ...]
    directory: Path | None = field(default=None, compare=False)

    @property
    def available(self) -> bool:
        """True when the encoded files are on disk (not just the built-in description)."""
        return self.directory is not None

    @property
    def top_size(self) -> tuple[int, int]:
        if self.variants and self.variants[0].width:
            return self.variants[0].width, self.variants[0].height
        return self.frame_size

    def file(self, relative: str) -> Path | None:
        """A file of this asset, refusing anything that escapes its directory."""
        if self.directory is None:
            return None
        base = self.directory.resolve()
        candidate = (base / relative).resolve()
        if not candidate.is_relative_to(base) or not candidate.is_file():
            return None
        return candidate


def _parse(name: str, raw: dict, directory: Path | None) -> SampleAsset:
    frames = raw.get("frames") or {}
    return SampleAsset(
        name=name,
        label=str(raw.get("label", name)),
        duration=float(raw["duration"]),
        audio_only=bool(raw.get("audio_only", False)),
        frame_rate=float(raw.get("frame_rate") or 0) or 25.0,
        segment_duration=float(raw.get("segment_duration") or 2.0),
        variants=tuple(
            Variant(
                name=str(v["name"]),
                width=int(v.get("width") or 0),
                height=int(v.get("height") or 0),
                bandwidth=int(v["bandwidth"]),
                codecs=str(v.get("codecs", "")),
                playlist=str(v["playlist"]),
            )
            for v in raw.get("variants", [])
        ),
        audio=tuple(
            AudioRendition(
                language=str(a["language"]),
                name=str(a.get("name", a["language"])),
                playlist=str(a["playlist"]),
                default=bool(a.get("default", False)),
                codecs=str(a.get("codecs", "mp4a.40.2")),
            )
            for a in raw.get("audio", [])
        ),
        subtitles=tuple(
            SubtitleRendition(
                language=str(s["language"]), name=str(s.get("name", s["language"])),
                playlist=str(s["playlist"]),
            )
            for s in raw.get("subtitles", [])
        ),
        mp4=raw.get("mp4"),
        m4a=raw.get("m4a"),
        frame_interval=float(frames.get("interval") or 1.0),
        frame_size=(int(frames.get("width") or 0), int(frames.get("height") or 0)),
        frame_files=tuple(frames.get("files") or ()),
        directory=directory,
    )


def _builtin(name: str) -> SampleAsset:
    """What the API reports for an asset whose files are not on disk."""
    multires = name == "multires"
    audio_only = name == "audio-only"
    variants = [] if audio_only else [
        {"name": "720p", "width": 1280, "height": 720, "bandwidth": 1_500_000,
         "codecs": "avc1.64001f,mp4a.40.2", "playlist": "720p/index.m3u8"}
    ]
    if multires:
        variants.insert(0, {"name": "1080p", "width": 1920, "height": 1080, "bandwidth": 3_000_000,
                            "codecs": "avc1.640028,mp4a.40.2", "playlist": "1080p/index.m3u8"})
    raw = {
        "duration": 12.0 if name == "live-loop" else 10.0,
        "audio_only": audio_only,
        "variants": variants,
        "audio": [
            {"language": "en", "name": "English", "playlist": "audio_en/index.m3u8", "default": True},
            {"language": "es", "name": "Español", "playlist": "audio_es/index.m3u8", "default": False},
        ] if name == "multilang" else [],
        "subtitles": [{"language": "en", "name": "English", "playlist": "subs_en/index.m3u8"}]
        if name == "multilang" else [],
        "mp4": None if audio_only else {"file": "capped-4k.mp4", "width": 1280, "height": 720},
        "m4a": {"file": "audio.m4a"},
        "frames": {"interval": 1.0, "width": 1280, "height": 720, "files": []},
    }
    return _parse(name, raw, None)


@cache
def load_asset(name: str) -> SampleAsset:
    """The asset called ``name``; cached for the life of the process (the files never change)."""
    directory = sample_media_dir() / name
    manifest = directory / "asset.json"
    if manifest.is_file():
        return _parse(name, json.loads(manifest.read_text(encoding="utf-8")), directory)
    return _builtin(name)
