"""Live broadcasts built from the ``live-loop`` sample: sliding windows, DVR, recordings.

The loop's segments are replayed forever on a timeline that starts when the broadcast
does: global segment ``n`` is loop segment ``n % L``, its timestamps shifted by whole
loop lengths (``mpegts.py``) so the clock runs forward continuously. Where the loop
wraps the content jumps, so that segment carries ``#EXT-X-DISCONTINUITY`` (counted by
``#EXT-X-DISCONTINUITY-SEQUENCE``). The same timeline, cut at the end, is the
broadcast's recording.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from .assets import SampleAsset, load_asset

LIVE_ASSET = "live-loop"
WINDOW_SEGMENTS = 5  # segments in a live (non-DVR) playlist
BACKFILL_SEGMENTS = 3  # segments already produced when a stream turns active
SEGMENT_PATH = re.compile(r"^(?P<variant>[^/]+)/live/(?P<n>\d{1,9})\.ts$")
# The wall clock minus the monotonic one, read once: a segment's program date-time must not
# move between two requests for the same playlist (reading both clocks on every request
# made it jitter by a millisecond, so an unchanged window looked changed).
_WALL_MINUS_MONOTONIC = time.time() - time.monotonic()


@dataclass(frozen=True)
class LiveLoop:
    asset: SampleAsset
    variant_dir: str
    playlist: str
    segments: tuple[tuple[str, float], ...]  # (file relative to the asset, duration)

    @property
    def loop_duration(self) -> float:
        return sum(d for _f, d in self.segments)

    @property
    def segment_duration(self) -> float:
        return self.asset.segment_duration

    def produced(self, live_since: float, now: float | None = None) -> int:
        """How many segments of the timeline exist ``now``."""
        now = time.monotonic() if now is None else now
        return max(0, int((now - live_since) // self.segment_duration))

    def segment_file(self, n: int) -> str:
        return self.segments[n % len(self.segments)][0]

    def playlist_text(self, first: int, end: int, *, kind: str, query: str, live_since: float) -> str:
        """Segments ``first..end-1``: kind "live" (sliding window), "event" (DVR) or "vod"."""
        loop = len(self.segments)
        lines = ["#EXTM3U", "#EXT-X-VERSION:3",
                 f"#EXT-X-TARGETDURATION:{round(max(d for _f, d in self.segments) + 0.499)}",
                 f"#EXT-X-MEDIA-SEQUENCE:{first}",
                 # Discontinuities that slid out of the window: wraps at loop, 2*loop, ... < first.
                 f"#EXT-X-DISCONTINUITY-SEQUENCE:{max(0, (first - 1) // loop) if first else 0}"]
        if kind == "event":
            lines.append("#EXT-X-PLAYLIST-TYPE:EVENT")
        elif kind == "vod":
            lines.append("#EXT-X-PLAYLIST-TYPE:VOD")
        # Wall-clock time of segment n, so clients can show "live at hh:mm:ss".
        wall_zero = datetime.fromtimestamp(live_since + _WALL_MINUS_MONOTONIC, UTC)
        for n in range(first, end):
            if n and n % loop == 0:
                lines.append("#EXT-X-DISCONTINUITY")
            if kind != "vod":
                stamp = wall_zero + timedelta(seconds=n * self.segment_duration)
                lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{stamp.isoformat(timespec='milliseconds')}")
            lines.append(f"#EXTINF:{self.segments[n % loop][1]:.6f},")
            uri = f"live/{n}.ts"
            lines.append(f"{uri}?{query}" if query else uri)
        if kind == "vod":
            lines.append("#EXT-X-ENDLIST")
        return "\n".join(lines) + "\n"


def _parse_segments(text: str) -> list[tuple[str, float]]:
    segments: list[tuple[str, float]] = []
    duration = 0.0
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXTINF:"):
            duration = float(line[8:].split(",", 1)[0])
        elif line and not line.startswith("#"):
            segments.append((line, duration))
    return segments


@cache
def live_loop() -> LiveLoop | None:
    """The loop the sandbox broadcasts (None when the sample media are not installed)."""
    asset = load_asset(LIVE_ASSET)
    if not asset.available or not asset.variants:
        return None
    playlist = asset.variants[0].playlist
    variant_dir = playlist.rsplit("/", 1)[0]
    file = asset.file(playlist)
    if file is None:
        return None
    segments = [(f"{variant_dir}/{uri}", d) for uri, d in _parse_segments(file.read_text(encoding="utf-8"))]
    return LiveLoop(asset=asset, variant_dir=variant_dir, playlist=playlist, segments=tuple(segments))


def segment_duration() -> float:
    loop = live_loop()
    return loop.segment_duration if loop else load_asset(LIVE_ASSET).segment_duration
