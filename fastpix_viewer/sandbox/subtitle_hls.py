"""Generated subtitles in a media's HLS, as FastPix adds subtitle tracks to the manifest
(notes §5: audio and subtitle tracks appear in the HLS with a LANGUAGE attribute).

The master playlist from ``stream_host`` gets one ``#EXT-X-MEDIA:TYPE=SUBTITLES`` line per
ready generated track, pointing at a one-segment WebVTT playlist under the playback ID (so
the playback token rules of the stream host apply unchanged).
"""

from __future__ import annotations

import time
from functools import cache

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import responses as r
from . import stream_host
from .assets import load_asset
from .hls import token_query
from .insight_content import chapters_for, vtt_text
from .insights import book
from .model import MediaRecord
from .state import sandbox_state

PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
GROUP = "subs"
# ffmpeg's MPEG-TS output starts at 1.4 s plus a frame; the sample subtitles carry the map.
DEFAULT_TIMESTAMP_MAP = "X-TIMESTAMP-MAP=MPEGTS:133200,LOCAL:00:00:00.000"


@cache
def timestamp_map() -> str:
    """The sample recordings' cue-to-segment time map (the same encoder settings for all)."""
    for name in ("multilang",):
        asset = load_asset(name)
        for sub in asset.subtitles:
            first = asset.file(sub.playlist.rsplit("/", 1)[0] + "/seg000.vtt")
            if first is not None:
                for line in first.read_text(encoding="utf-8").splitlines():
                    if line.startswith("X-TIMESTAMP-MAP="):
                        return line
    return DEFAULT_TIMESTAMP_MAP


def _ready_jobs(request: Request, media: MediaRecord):
    now = time.monotonic()
    return [job for job in book(sandbox_state(request)).subtitle_jobs(media.id)
            if now >= job.ready_at and not job.fails]


async def master(request: Request) -> Response:
    answer = await stream_host.master(request)
    resolved = stream_host.resolve(request, request.path_params["playback_id"])
    if answer.status_code != 200 or isinstance(resolved, Response) or not isinstance(resolved[2], MediaRecord):
        return answer
    jobs = _ready_jobs(request, resolved[2])
    if not jobs:
        return answer
    query = token_query(request.query_params.get("token"))
    playback_id = request.path_params["playback_id"]
    lines = answer.body.decode("utf-8").splitlines()
    media_lines = []
    for job in jobs:
        uri = f"{playback_id}/generated-subtitles/{job.id}.m3u8" + (f"?{query}" if query else "")
        name = job.language_name.replace('"', "'")
        media_lines.append(f'#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="{GROUP}",LANGUAGE="{job.language_code}",'
                           f'NAME="{name}",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="{uri}"')
    out = []
    inserted = False
    for line in lines:
        if line.startswith("#EXT-X-STREAM-INF:") and not inserted:
            out.extend(media_lines)
            inserted = True
        if line.startswith("#EXT-X-STREAM-INF:") and "SUBTITLES=" not in line:
            line += f',SUBTITLES="{GROUP}"'
        out.append(line)
    if not inserted:
        out.extend(media_lines)
    return Response("\n".join(out) + "\n", media_type=PLAYLIST_TYPE)


def _job(request: Request):
    resolved = stream_host.resolve(request, request.path_params["playback_id"])
    if isinstance(resolved, Response):
        return resolved
    media = resolved[2]
    if not isinstance(media, MediaRecord):
        return r.error(404, "file not found", "No such rendition or segment for this playback ID.")
    job = next((j for j in _ready_jobs(request, media) if j.id == request.path_params["subtitle_id"]), None)
    if job is None:
        return r.error(404, "file not found", "No such rendition or segment for this playback ID.")
    return media, job


async def playlist(request: Request) -> Response:
    found = _job(request)
    if isinstance(found, Response):
        return found
    media, job = found
    from .wire import media_duration

    duration = max(0.001, media_duration(media, load_asset(media.asset)))
    query = token_query(request.query_params.get("token"))
    segment = f"{job.id}.vtt" + (f"?{query}" if query else "")
    text = "\n".join(["#EXTM3U", "#EXT-X-VERSION:3", f"#EXT-X-TARGETDURATION:{int(duration) + 1}",
                      "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-PLAYLIST-TYPE:VOD", f"#EXTINF:{duration:.3f},",
                      segment, "#EXT-X-ENDLIST"]) + "\n"
    return Response(text, media_type=PLAYLIST_TYPE)


async def segment(request: Request) -> Response:
    found = _job(request)
    if isinstance(found, Response):
        return found
    media, job = found
    return Response(vtt_text(chapters_for(media), job.language_name, timestamp_map()), media_type="text/vtt")

routes = [
    Route("/{playback_id}.m3u8", master, methods=["GET"]),
    Route("/{playback_id}/generated-subtitles/{subtitle_id}.m3u8", playlist, methods=["GET"]),
    Route("/{playback_id}/generated-subtitles/{subtitle_id}.vtt", segment, methods=["GET"]),
]
