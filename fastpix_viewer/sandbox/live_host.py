"""Stream-host answers for live playback IDs and for recordings of sandbox broadcasts."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from . import responses as r
from .hls import cut_media_playlist, master_playlist, select_variants, token_query
from .live import SEGMENT_PATH, WINDOW_SEGMENTS, LiveLoop, live_loop
from .model import MediaRecord, StreamRecord
from .mpegts import shift_timestamps

PLAYLIST_TYPE = "application/vnd.apple.mpegurl"


def _not_live() -> Response:
    return r.error(400, "live stream is not active",
                   "The live stream is not broadcasting; there is nothing to play yet.")


def _missing() -> Response:
    return r.error(404, "media files not found", "The sandbox's sample media are not installed.")


def _wants_dvr(request: Request, stream: StreamRecord) -> bool | Response:
    raw = request.query_params.get("dvrMode")
    if raw is None or raw.lower() == "false":
        return False
    if raw.lower() != "true":
        return r.validation_error([("dvrMode", "must be true or false")], message="invalid playback parameters")
    if not stream.enable_dvr:
        return r.error(400, "dvr mode is not enabled", "DVR playback needs a stream created with enableDvrMode.")
    return True


def _query(request: Request, dvr: bool) -> str:
    parts = [token_query(request.query_params.get("token"))]
    if dvr:
        parts.append("dvrMode=true")
    return "&".join(p for p in parts if p)


def _live_loop_for(request: Request, stream: StreamRecord) -> tuple[LiveLoop, bool] | Response:
    """(the live loop, whether DVR was asked for) when the stream can be played live, else the error."""
    loop = live_loop()
    if loop is None:
        return _missing()
    if stream.status != "active" or stream.live_since is None:
        return _not_live()
    dvr = _wants_dvr(request, stream)
    if isinstance(dvr, Response):
        return dvr
    return loop, dvr


def stream_master(request: Request, stream: StreamRecord, playback_id: str, params: dict) -> Response:
    live = _live_loop_for(request, stream)
    if isinstance(live, Response):
        return live
    loop, dvr = live
    variants = select_variants(loop.asset.variants[:1], **params)
    text = master_playlist(loop.asset, playback_id, variants, _query(request, dvr))
    return Response(text, media_type=PLAYLIST_TYPE, headers={"Cache-Control": "no-cache"})


def stream_child(request: Request, stream: StreamRecord, path: str) -> Response:
    live = _live_loop_for(request, stream)
    if isinstance(live, Response):
        return live
    loop, dvr = live
    produced = loop.produced(stream.live_since)
    if path == loop.playlist:
        first = 0 if dvr else max(0, produced - WINDOW_SEGMENTS)
        text = loop.playlist_text(first, produced, kind="event" if dvr else "live",
                                  query=token_query(request.query_params.get("token")),
                                  live_since=stream.live_since)
        return Response(text, media_type=PLAYLIST_TYPE, headers={"Cache-Control": "no-cache"})
    return _segment(loop, path, produced)


def recording_child(request: Request, media: MediaRecord, path: str) -> Response:
    """A finished broadcast: the whole event as a VOD playlist over the same timeline."""
    loop = live_loop()
    if loop is None or media.live_segments is None:
        return _missing()
    if path == loop.playlist:
        text = loop.playlist_text(0, media.live_segments, kind="vod",
                                  query=token_query(request.query_params.get("token")), live_since=0.0)
        if media.span is not None:  # a clip of a recording: its segments only
            text = cut_media_playlist(text, *media.span)
        return Response(text, media_type=PLAYLIST_TYPE)
    return _segment(loop, path, media.live_segments)


def _segment(loop, path: str, available: int) -> Response:
    match = SEGMENT_PATH.match(path)
    if match is None or match["variant"] != loop.variant_dir or int(match["n"]) >= available:
        return r.error(404, "segment not found", "No such segment (yet) on this timeline.")
    n = int(match["n"])
    file = loop.asset.file(loop.segment_file(n))
    if file is None:
        return _missing()
    # Pass k of the loop plays k loop-lengths later: the broadcast clock never goes back.
    ticks = (n // len(loop.segments)) * round(loop.loop_duration * 90_000)
    return Response(shift_timestamps(file.read_bytes(), ticks), media_type="video/mp2t")
