"""The stream host (``/stream``): HLS masters, media playlists, segments and MP4 downloads.

Errors are FastPix JSON, not HLS: 400 while a media is not ready, 401 for a private ID
without a valid token, 404 for unknown IDs, 422 for a bad resolution parameter.
"""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from . import responses as r
from .access import refusal
from .assets import SampleAsset, load_asset
from .hls import (
    RESOLUTIONS,
    cut_media_playlist,
    master_playlist,
    rewrite_media_playlist,
    select_variants,
    token_query,
)
from .live_host import recording_child, stream_child, stream_master
from .model import MediaRecord, PlaybackRecord, StreamRecord, serves_manifest, status_word
from .state import SandboxState, sandbox_state

PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
CONTENT_TYPES = {
    ".m3u8": PLAYLIST_TYPE,
    ".ts": "video/mp2t",
    ".vtt": "text/vtt",
    ".aac": "audio/aac",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".m4a": "audio/mp4",
}
DOWNLOADS = {"capped-4k.mp4": ("capped_4k", "mp4"), "audio.m4a": ("audioOnly", "m4a")}


def resolve(request: Request, playback_id: str, *, master: bool = True) -> tuple[
        SandboxState, PlaybackRecord, MediaRecord | StreamRecord] | Response:
    """The playback ID's owner if this request may use it, else the FastPix error."""
    state = sandbox_state(request)
    found = state.workspace.playback(playback_id)
    if found is None:
        return r.error(404, "playback ID not found", "No media or live stream has this playback ID.")
    playback, owner = found
    denied = refusal(state, playback, request, master=master)
    if denied is not None:
        return denied
    if isinstance(owner, MediaRecord):
        word = status_word(owner)
        if word == "processing" or (word == "other" and not serves_manifest(owner)):
            return r.error(400, "media is not ready yet",
                           "The media is still processing; it can be played once it is ready.")
        if not serves_manifest(owner):
            return r.error(400, "media is not ready",
                           "The media failed to process and will never be ready for playback.")
    return state, playback, owner


def _resolution_params(request: Request) -> dict | Response:
    chosen: dict = {}
    problems = []
    for name, key in (("maxResolution", "max_height"), ("minResolution", "min_height"),
                      ("resolution", "exact_height")):
        value = request.query_params.get(name)
        if value is None:
            continue
        if value not in RESOLUTIONS:
            problems.append((name, f"must be one of {', '.join(RESOLUTIONS)}"))
        else:
            chosen[key] = RESOLUTIONS[value]
    order = request.query_params.get("renditionOrder")
    if order is not None and order not in ("asc", "desc"):
        problems.append(("renditionOrder", "must be one of asc, desc"))
    chosen["ascending"] = order == "asc"
    if problems:
        return r.validation_error(problems, message="invalid playback parameters")
    return chosen


def _media_asset(owner: MediaRecord) -> SampleAsset | Response:
    asset = load_asset(owner.asset)
    if not asset.available:
        return r.error(404, "media files not found", "The sandbox's sample media are not installed.")
    return asset


async def master(request: Request) -> Response:
    playback_id = request.path_params["playback_id"]
    resolved = resolve(request, playback_id)
    if isinstance(resolved, Response):
        return resolved
    _state, _playback, owner = resolved
    params = _resolution_params(request)
    if isinstance(params, Response):
        return params
    token = request.query_params.get("token")
    if isinstance(owner, StreamRecord):
        return stream_master(request, owner, playback_id, params)
    asset = _media_asset(owner)
    if isinstance(asset, Response):
        return asset
    variants = select_variants(asset.variants, **params)
    text = master_playlist(asset, playback_id, variants, token_query(token))
    return Response(text, media_type=PLAYLIST_TYPE)


async def child(request: Request) -> Response:
    playback_id = request.path_params["playback_id"]
    path = request.path_params["path"]
    resolved = resolve(request, playback_id, master=False)
    if isinstance(resolved, Response):
        return resolved
    _state, _playback, owner = resolved
    if isinstance(owner, StreamRecord):
        return stream_child(request, owner, path)
    asset = _media_asset(owner)
    if isinstance(asset, Response):
        return asset
    if owner.live_segments is not None and path not in DOWNLOADS:
        return recording_child(request, owner, path)
    if path in DOWNLOADS:
        return _download(owner, asset, path)
    file = asset.file(path)
    suffix = file.suffix if file is not None else ""
    if file is None or suffix not in CONTENT_TYPES or suffix in (".mp4", ".m4a"):
        return r.error(404, "file not found", "No such rendition or segment for this playback ID.")
    if suffix == ".m3u8":
        text = file.read_text(encoding="utf-8")
        if owner.span is not None:
            text = cut_media_playlist(text, *owner.span)
        return Response(rewrite_media_playlist(text, token_query(request.query_params.get("token"))),
                        media_type=PLAYLIST_TYPE)
    return FileResponse(file, media_type=CONTENT_TYPES[suffix])


def _download(owner: MediaRecord, asset: SampleAsset, name: str) -> Response:
    support, kind = DOWNLOADS[name]
    spec = asset.mp4 if kind == "mp4" else asset.m4a
    file = asset.file(spec["file"]) if spec else None
    if support not in owner.mp4_support or file is None:
        return r.error(404, "rendition not found",
                       f"The {name} rendition is not enabled for this media (see mp4Support).")
    if time.monotonic() < owner.mp4_pending.get(support, 0.0):
        return r.error(400, "rendition is not ready yet",
                       f"The {name} rendition is still being prepared (see mp4Support).")
    return FileResponse(file, media_type=CONTENT_TYPES["." + kind], filename=None)


routes = [
    Route("/{playback_id}.m3u8", master, methods=["GET"]),
    Route("/{playback_id}/{path:path}", child, methods=["GET"]),
]
