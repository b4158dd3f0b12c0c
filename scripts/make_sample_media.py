#!/usr/bin/env python3
"""Regenerate the sandbox's sample recordings under resources/sample-media/.

Every asset is synthesised from ffmpeg's built-in test sources (no third-party
content), encoded to small VOD HLS renditions (H.264 + AAC in MPEG-TS, 2 s
segments), plus optional MP4/M4A downloads, 1 fps JPEG thumbnail frames and an
``asset.json`` whose numbers are measured with ffprobe rather than assumed.

The sandbox serves these files and builds master playlists from asset.json, so
no master playlist is written here.  The output directory is deleted and
rebuilt on every run, so the script is idempotent.  Requires ffmpeg/ffprobe
(with libx264 and libfreetype) and the DejaVu fonts (Debian: fonts-dejavu-core).

Usage: python3 scripts/make_sample_media.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "sample-media"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

FPS = 25
GOP = 2 * FPS  # one keyframe every 2 s exactly, so every segment is exactly 2 s
SEGMENT_SECONDS = 2
AUDIO_RATE = 48000
AUDIO_BITRATE = "64k"
AAC_FRAME = 1024  # samples per AAC-LC frame; also the encoder delay
FRAME_SIZE = (480, 270)

# Keep encodes reproducible: fixed thread count, no encoder version strings.
COMMON_OUT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]
X264 = [
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-threads",
    "1",
    "-g",
    str(GOP),
    "-keyint_min",
    str(GOP),
    "-sc_threshold",
    "0",
    "-pix_fmt",
    "yuv420p",
    "-r",
    str(FPS),
]
AAC = ["-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ar", str(AUDIO_RATE), "-ac", "2"]


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    kbps: int


@dataclass
class Asset:
    id: str
    label: str
    seconds: int
    source: str  # lavfi video source name and options, without size/rate/duration
    tone_hz: int | None
    renditions: list[Rendition] = field(default_factory=list)
    mp4: bool = False
    m4a: bool = False
    # multilang only: alternate audio renditions (lang, name, Hz) and an English subtitle track
    alt_audio: list[tuple[str, str, int]] = field(default_factory=list)
    subtitles: bool = False
    big_label: str | None = None


ASSETS = [
    Asset(
        "multires",
        "Multi-resolution test pattern",
        8,
        "testsrc2",
        440,
        [
            Rendition("1080p", 1920, 1080, 700),
            Rendition("720p", 1280, 720, 400),
            Rendition("480p", 854, 480, 250),
        ],
        mp4=True,
        m4a=True,
    ),
    Asset(
        "multilang",
        "Two audio languages and English subtitles",
        10,
        "smptehdbars",
        None,
        [Rendition("360p", 640, 360, 250)],
        mp4=True,
        m4a=True,
        alt_audio=[("en", "English", 440), ("es", "Español", 660)],
        subtitles=True,
    ),
    Asset(
        "bars",
        "SMPTE colour bars",
        10,
        "smptebars",
        880,
        [Rendition("480p", 854, 480, 250)],
        mp4=True,
    ),
    Asset(
        "mandelbrot", "Mandelbrot zoom", 10, "mandelbrot", 330, [Rendition("360p", 640, 360, 250)]
    ),
    Asset(
        "live-loop",
        "Live loop source",
        12,
        "rgbtestsrc",
        550,
        [Rendition("480p", 854, 480, 250)],
        big_label="LIVE LOOP",
    ),
    Asset("audio-only", "Audio-only tone", 10, "", 220, [], m4a=True),
]

SUBTITLE_LINES = [
    "Hello, this is the English subtitle track.",
    "Cue two: subtitles change every two seconds.",
    "Cue three: the Spanish audio is a higher tone.",
    "Cue four: switch audio to hear 660 Hz.",
    "Cue five: end of the multilang sample.",
]


def run(cmd: list[str]) -> str:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        raise SystemExit(f"command failed: {' '.join(cmd[:6])} ...")
    return result.stdout


def ffmpeg(*args: str) -> None:
    run(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args])


def ffprobe_json(path: Path, *args: str) -> dict:
    return json.loads(run(["ffprobe", "-v", "error", "-of", "json", *args, str(path)]))


def drawtext(text: str, size_expr: str, y_expr: str, extra: str = "") -> str:
    # Texts used here contain no filtergraph metacharacters, so plain quoting suffices.
    return (
        f"drawtext=fontfile={FONT}:text='{text}':fontsize={size_expr}:fontcolor=white"
        f":box=1:boxcolor=black@0.6:boxborderw=8:x=(w-text_w)/2:y={y_expr}{extra}"
    )


def video_filter(asset: Asset, rendition: Rendition) -> str:
    # Each rendition burns in its own name so a screenshot shows which one is playing.
    parts = []
    if asset.big_label:
        parts.append(drawtext(asset.big_label, "h/5", "h/6", ":fontcolor=red"))
    parts.append(drawtext(f"{asset.id}  {rendition.name}", "h/12", "h-h/4"))
    parts.append(drawtext("", "h/12", "h-h/8", rf":timecode='00\:00\:00\:00':timecode_rate={FPS}"))
    return ",".join(parts)


def video_source(asset: Asset, rendition: Rendition) -> str:
    size = f"{rendition.width}x{rendition.height}"
    if asset.source == "mandelbrot":
        # The fractal is costly per pixel; render at a modest size and scale.
        return f"mandelbrot=size=640x360:rate={FPS},scale={size},trim=duration={asset.seconds}"
    return f"{asset.source}=size={size}:rate={FPS}:duration={asset.seconds}"


def tone_source(hz: int, seconds: float) -> str:
    return f"sine=frequency={hz}:sample_rate={AUDIO_RATE}:duration={seconds}"


def hls_out(directory: Path) -> list[str]:
    directory.mkdir(parents=True)
    return [
        *COMMON_OUT,
        "-f",
        "hls",
        "-hls_time",
        str(SEGMENT_SECONDS),
        "-hls_list_size",
        "0",
        "-hls_playlist_type",
        "vod",
        "-hls_segment_type",
        "mpegts",
        "-hls_segment_filename",
        str(directory / "seg%03d.ts"),
        str(directory / "index.m3u8"),
    ]


def rate_control(kbps: int) -> list[str]:
    return ["-b:v", f"{kbps}k", "-maxrate", f"{kbps * 6 // 5}k", "-bufsize", f"{kbps * 2}k"]


def encode_video_rendition(asset: Asset, rendition: Rendition, out: Path, with_audio: bool) -> None:
    args = ["-f", "lavfi", "-i", video_source(asset, rendition)]
    if with_audio:
        args += ["-f", "lavfi", "-i", tone_source(asset.tone_hz, asset.seconds)]
    args += ["-vf", video_filter(asset, rendition), *X264, *rate_control(rendition.kbps)]
    args += [*AAC] if with_audio else ["-an"]
    args += ["-t", str(asset.seconds)]
    ffmpeg(*args, *hls_out(out / rendition.name))


def encode_audio_rendition(hz: int, seconds: int, directory: Path, align_to_video: bool) -> None:
    # Stop on a whole AAC frame that fits the last 2 s segment; otherwise the encoder's
    # final partial frame spills into a 21 ms trailing segment with an absurd bit rate.
    whole_frames = seconds * AUDIO_RATE // AAC_FRAME
    tone = tone_source(hz, whole_frames * AAC_FRAME / AUDIO_RATE)
    # In a muxed TS the first audio PTS sits 2 frames (B-frame delay) minus the AAC
    # encoder delay after the video's first PTS. Shifting alternate-audio TS by the
    # B-frame delay reproduces that, so audio t=0 meets video t=0 when synced by PTS.
    offset = ["-output_ts_offset", f"{2 / FPS:.3f}"] if align_to_video else []
    ffmpeg("-f", "lavfi", "-i", tone, *AAC, *offset, *hls_out(directory))


def playlist_segments(playlist: Path) -> list[tuple[float, Path]]:
    segments, duration = [], None
    for line in playlist.read_text().splitlines():
        if line.startswith("#EXTINF:"):
            duration = float(line[len("#EXTINF:") :].split(",")[0])
        elif line and not line.startswith("#"):
            segments.append((duration, playlist.parent / line))
    return segments


def peak_bandwidth(playlist: Path) -> int:
    # HLS BANDWIDTH is the peak segment bit rate.
    return max(math.ceil(p.stat().st_size * 8 / d) for d, p in playlist_segments(playlist))


def avc_codec(playlist: Path) -> str:
    # Read profile_idc, constraint flags and level_idc straight from the SPS.
    first = playlist_segments(playlist)[0][1]
    raw = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            str(first),
            "-map",
            "0:v:0",
            "-c",
            "copy",
            "-frames:v",
            "1",
            "-f",
            "h264",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    match = re.search(rb"\x00\x00\x01[\x27\x47\x67](...)", raw, re.DOTALL)
    if not match:
        raise SystemExit(f"no SPS in {first}")
    return "avc1." + match.group(1).hex()


def aac_codec(path: Path) -> str:
    stream = ffprobe_json(
        path, "-select_streams", "a:0", "-show_entries", "stream=codec_name,profile"
    )["streams"][0]
    if (stream["codec_name"], stream.get("profile")) != ("aac", "LC"):
        raise SystemExit(f"unexpected audio in {path}: {stream}")
    return "mp4a.40.2"


def measured_duration(path: Path) -> float:
    return round(
        float(ffprobe_json(path, "-show_entries", "format=duration")["format"]["duration"]), 3
    )


def frame_rate(playlist: Path) -> str:
    stream = ffprobe_json(
        playlist, "-select_streams", "v:0", "-show_entries", "stream=r_frame_rate"
    )["streams"][0]
    num, den = stream["r_frame_rate"].split("/")
    return f"{int(num) / int(den):.3f}"


def first_pts(segment: Path) -> dict[str, float]:
    """Start time (seconds) of each stream kind in one TS segment."""
    streams = ffprobe_json(segment, "-show_entries", "stream=codec_type,start_pts")["streams"]
    return {s["codec_type"]: s["start_pts"] / 90000 for s in streams}


def extract_frames(source: Path, seconds: int, asset_dir: Path) -> list[str]:
    frames = asset_dir / "frames"
    frames.mkdir()
    ffmpeg(
        "-i",
        str(source),
        "-vf",
        f"select='not(mod(n\\,{FPS}))',scale={FRAME_SIZE[0]}:{FRAME_SIZE[1]}",
        "-fps_mode",
        "vfr",
        "-frames:v",
        str(seconds),
        "-q:v",
        "5",
        *COMMON_OUT,
        "-start_number",
        "0",
        str(frames / "%04d.jpg"),
    )
    return [f"frames/{p.name}" for p in sorted(frames.glob("*.jpg"))]


def remux(inputs: list[Path], maps: list[str], output: Path) -> None:
    args: list[str] = []
    for path in inputs:
        args += ["-i", str(path)]
    for m in maps:
        args += ["-map", m]
    ffmpeg(*args, "-c", "copy", "-movflags", "+faststart", *COMMON_OUT, str(output))


def write_subtitles(asset: Asset, directory: Path, mpegts: int) -> None:
    # X-TIMESTAMP-MAP ties local cue time 0 to the video's first PTS, so cues line up.
    directory.mkdir()
    count = asset.seconds // SEGMENT_SECONDS
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{SEGMENT_SECONDS}",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:VOD",
    ]
    for i in range(count):
        start, end = i * SEGMENT_SECONDS, (i + 1) * SEGMENT_SECONDS
        text = SUBTITLE_LINES[i % len(SUBTITLE_LINES)]
        (directory / f"seg{i:03d}.vtt").write_text(
            f"WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:{mpegts},LOCAL:00:00:00.000\n\n"
            f"{i + 1}\n00:00:{start:02d}.000 --> 00:00:{end - 0.1:06.3f}\n{text}\n"
        )
        lines += [f"#EXTINF:{SEGMENT_SECONDS:.3f},", f"seg{i:03d}.vtt"]
    lines.append("#EXT-X-ENDLIST")
    (directory / "index.m3u8").write_text("\n".join(lines) + "\n")


def make_poster(asset: Asset, asset_dir: Path) -> Path:
    poster = asset_dir / "poster.jpg"
    graph = (
        "color=c=0x1d3557:s=640x360[bg];"
        "[0:a]atrim=duration=0.05,showwavespic=s=640x200:colors=0x8ecae6[w];"
        "[bg][w]overlay=0:80,"
        + drawtext("AUDIO ONLY", "48", "20")
        + ","
        + drawtext(f"{asset.id}  {asset.tone_hz} Hz", "28", "h-50")
        + ",format=yuvj420p[v]"
    )
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        tone_source(asset.tone_hz, asset.seconds),
        "-filter_complex",
        graph,
        "-map",
        "[v]",
        "-frames:v",
        "1",
        "-q:v",
        "5",
        *COMMON_OUT,
        str(poster),
    )
    return poster


def build_av_asset(asset: Asset, asset_dir: Path) -> tuple[dict, dict]:
    muxed = not asset.alt_audio
    for rendition in asset.renditions:
        encode_video_rendition(asset, rendition, asset_dir, with_audio=muxed)
    top = asset_dir / asset.renditions[0].name / "index.m3u8"
    video_pts = first_pts(playlist_segments(top)[0][1])

    variants = []
    for r in asset.renditions:
        playlist = asset_dir / r.name / "index.m3u8"
        codecs = avc_codec(playlist) + (",mp4a.40.2" if muxed and aac_codec(playlist) else "")
        variants.append(
            {
                "name": r.name,
                "width": r.width,
                "height": r.height,
                "bandwidth": peak_bandwidth(playlist),
                "codecs": codecs,
                "playlist": f"{r.name}/index.m3u8",
            }
        )

    audio, pts_report = [], {"video": video_pts}
    for index, (lang, name, hz) in enumerate(asset.alt_audio):
        directory = asset_dir / f"audio_{lang}"
        encode_audio_rendition(hz, asset.seconds, directory, align_to_video=True)
        playlist = directory / "index.m3u8"
        pts_report[f"audio_{lang}"] = pts = first_pts(playlist_segments(playlist)[0][1])
        expected = video_pts["video"] - AAC_FRAME / AUDIO_RATE
        if abs(pts["audio"] - expected) > 1 / 90000:
            raise SystemExit(f"{directory}: audio starts at {pts['audio']}, video needs {expected}")
        audio.append(
            {
                "language": lang,
                "name": name,
                "playlist": f"audio_{lang}/index.m3u8",
                "default": index == 0,
                "codecs": aac_codec(playlist),
            }
        )

    subtitles = []
    if asset.subtitles:
        write_subtitles(asset, asset_dir / "subs_en", round(video_pts["video"] * 90000))
        subtitles.append({"language": "en", "name": "English", "playlist": "subs_en/index.m3u8"})

    audio_source = asset_dir / (audio[0]["playlist"] if audio else variants[0]["playlist"])
    mp4 = None
    if asset.mp4:
        inputs = [top] + ([audio_source] if audio else [])
        maps = ["0:v:0", "1:a:0" if audio else "0:a:0"]
        remux(inputs, maps, asset_dir / "capped-4k.mp4")
        r = asset.renditions[0]
        mp4 = {"file": "capped-4k.mp4", "width": r.width, "height": r.height}
    m4a = None
    if asset.m4a:
        remux([audio_source], ["0:a:0"], asset_dir / "audio.m4a")
        m4a = {"file": "audio.m4a"}

    info = {
        "id": asset.id,
        "label": asset.label,
        "duration": measured_duration(top),
        "audio_only": False,
        "frame_rate": frame_rate(top),
        "segment_duration": float(SEGMENT_SECONDS),
        "variants": variants,
        "audio": audio,
        "subtitles": subtitles,
        "mp4": mp4,
        "m4a": m4a,
        "frames": {
            "interval": 1.0,
            "width": FRAME_SIZE[0],
            "height": FRAME_SIZE[1],
            "files": extract_frames(top, asset.seconds, asset_dir),
        },
    }
    return info, pts_report


def build_audio_only_asset(asset: Asset, asset_dir: Path) -> tuple[dict, dict]:
    directory = asset_dir / "audio"
    encode_audio_rendition(asset.tone_hz, asset.seconds, directory, align_to_video=False)
    playlist = directory / "index.m3u8"
    remux([playlist], ["0:a:0"], asset_dir / "audio.m4a")
    poster = make_poster(asset, asset_dir)
    frames = asset_dir / "frames"
    frames.mkdir()
    ffmpeg(
        "-i",
        str(poster),
        "-vf",
        f"scale={FRAME_SIZE[0]}:{FRAME_SIZE[1]}",
        "-q:v",
        "5",
        *COMMON_OUT,
        str(frames / "0000.jpg"),
    )
    info = {
        "id": asset.id,
        "label": asset.label,
        "duration": measured_duration(playlist),
        "audio_only": True,
        "frame_rate": None,
        "segment_duration": float(SEGMENT_SECONDS),
        "variants": [
            {
                "name": "audio",
                "width": None,
                "height": None,
                "bandwidth": peak_bandwidth(playlist),
                "codecs": aac_codec(playlist),
                "playlist": "audio/index.m3u8",
            }
        ],
        "audio": [],
        "subtitles": [],
        "mp4": None,
        "m4a": {"file": "audio.m4a"},
        "frames": {
            "interval": 1.0,
            "width": FRAME_SIZE[0],
            "height": FRAME_SIZE[1],
            "files": ["frames/0000.jpg"],
        },
    }
    return info, {"audio": first_pts(playlist_segments(playlist)[0][1])}


README = """\
# Sample media (generated)

Everything in this directory is generated by `scripts/make_sample_media.py` from
ffmpeg's built-in test sources (testsrc2, SMPTE bars, mandelbrot, rgbtestsrc, sine
tones) with burnt-in DejaVu Sans labels. It contains no third-party footage or
audio; it is part of this project and shares its licence. Do not edit by hand:
rerun the script (it deletes and rebuilds this directory).

The sandbox stream host serves these files and builds master playlists from each
`asset.json` (so it can cap resolutions and add tokens); there is deliberately no
master playlist here.

Layout, one directory per asset:

    <asset>/asset.json          measured description (durations, variants, codecs,
                                peak bandwidth, audio/subtitle renditions, downloads)
    <asset>/<rendition>/index.m3u8 + seg000.ts ...   VOD media playlist, 2 s MPEG-TS
                                segments, H.264 High + AAC-LC (muxed unless the asset
                                has alternate audio)
    <asset>/audio_<lang>/...    alternate audio-only renditions (multilang)
    <asset>/subs_en/index.m3u8 + seg000.vtt ...     WebVTT subtitles with
                                X-TIMESTAMP-MAP tied to the video's first PTS
    <asset>/capped-4k.mp4       top rendition as faststart MP4 (when present)
    <asset>/audio.m4a           AAC audio as faststart M4A (when present)
    <asset>/frames/NNNN.jpg     480x270 thumbnail frame at NNNN seconds
    audio-only/poster.jpg       640x360 poster card (frames/0000.jpg is its thumbnail)

Assets: multires (1080p/720p/480p), multilang (video-only + en/es audio + en
subtitles), bars, mandelbrot, live-loop (segments for a looping live window),
audio-only.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    out: Path = parser.parse_args().out
    if not FONT.exists():
        raise SystemExit(f"missing {FONT}: install fonts-dejavu-core")
    # Build in a scratch directory first so a failed run leaves the old media intact.
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".sample-media-", dir=out.parent))
    scratch.chmod(0o755)
    try:
        for asset in ASSETS:
            asset_dir = scratch / asset.id
            asset_dir.mkdir()
            build = build_audio_only_asset if not asset.renditions else build_av_asset
            info, pts = build(asset, asset_dir)
            (asset_dir / "asset.json").write_text(
                json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            print(f"{asset.id}: duration {info['duration']} s, first PTS {pts}")
        (scratch / "README.md").write_text(README, encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        scratch.rename(out)
    finally:
        if scratch.exists():
            shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
