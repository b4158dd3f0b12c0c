"""UI test fixtures: a real HLS stream made by ffmpeg, served over real HTTP, and a
PlayerPanel on real libVLC with dummy audio/video outputs (no X, no sound card)."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
from fpv_support.headless_vlc import headless_vlc_fixture
from fpv_support.log_capture import log_setup  # noqa: F401  (a fixture for test_logs/test_crash, found by name)
from fpv_support.player_panel import shown_player_panel

DURATION_S = 6

_SUBTITLES = """WEBVTT
X-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000

00:00:00.000 --> 00:00:06.000
Hello from the subtitle track
"""

_SUBTITLE_PLAYLIST = """#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXTINF:6.000,
s0.vtt
#EXT-X-ENDLIST
"""

# Two video renditions, two audio languages and one WebVTT subtitle rendition,
# written by hand so names and languages are exactly what the tests expect.
_MASTER = """#EXTM3U
#EXT-X-VERSION:3
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="a_en/index.m3u8"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Francais",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,URI="a_fr/index.m3u8"
#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English CC",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="subs_en/index.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.42c01e,mp4a.40.2",AUDIO="aud",SUBTITLES="subs"
v360/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x180,CODECS="avc1.42c00d,mp4a.40.2",AUDIO="aud",SUBTITLES="subs"
v180/index.m3u8
"""


def make_hls(root: Path) -> Path:
    """Write the test stream under `root`; returns `root`. About 0.5 s on 2 cores."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is required for the UI tests (apt install ffmpeg)")
    d = str(DURATION_S)
    subprocess.run(
        [
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=640x360:rate=25:duration={d}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={d}",
            "-f", "lavfi", "-i", f"sine=frequency=660:sample_rate=48000:duration={d}",
            "-filter_complex", "[0:v]split=2[v1][v2];[v2]scale=320:180[v2o]",
            "-map", "[v1]", "-map", "[v2o]", "-map", "1:a", "-map", "2:a",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50",
            "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-b:v:0", "800k", "-b:v:1", "300k",
            "-c:a", "aac", "-b:a", "64k", "-ac", "2",
            "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
            "-hls_segment_filename", str(root / "%v" / "seg%03d.ts"),
            "-var_stream_map", "v:0,name:v360 v:1,name:v180 a:0,name:a_en a:1,name:a_fr",
            str(root / "%v" / "index.m3u8"),
        ],
        check=True,
        timeout=60,
    )
    subs = root / "subs_en"
    subs.mkdir()
    (subs / "s0.vtt").write_text(_SUBTITLES)
    (subs / "index.m3u8").write_text(_SUBTITLE_PLAYLIST)
    (root / "master.m3u8").write_text(_MASTER)
    # A live-looking playlist: no ENDLIST and no PLAYLIST-TYPE, so libVLC treats
    # it as a live window that may still grow.
    vod = (root / "v360" / "index.m3u8").read_text()
    live = vod.replace("#EXT-X-PLAYLIST-TYPE:VOD\n", "").replace("#EXT-X-ENDLIST\n", "")
    live = live.replace("seg0", "v360/seg0")
    (root / "live.m3u8").write_text(live)
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".m3u8": "application/vnd.apple.mpegurl",
        ".ts": "video/mp2t",
        ".vtt": "text/vtt",
    }

    def log_message(self, format, *args):  # the stdlib signature; keep test output clean
        pass


@dataclass
class HlsServer:
    root: Path
    base_url: str

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}"

    @property
    def master(self) -> str:
        return self.url("master.m3u8")


@pytest.fixture(scope="session")
def hls(tmp_path_factory) -> HlsServer:
    """The HLS test stream served on 127.0.0.1 (any free port) for the whole session."""
    root = make_hls(tmp_path_factory.mktemp("hls"))
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="hls-server", daemon=True)
    thread.start()
    try:
        yield HlsServer(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


# The app-wide libVLC instance for headless runs, released (and its arguments forgotten) after.
headless_vlc = headless_vlc_fixture(autouse=False, forget_args=True)


@pytest.fixture
def panel(qtbot, headless_vlc, tmp_path):
    """A shown PlayerPanel on the shared headless libVLC instance."""
    with shown_player_panel(qtbot, snapshot_dir=tmp_path) as widget:
        yield widget
