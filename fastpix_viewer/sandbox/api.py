"""The FastPix REST API under ``/v1``: live streams, on-demand media and playback IDs."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import responses as r
from .paging import parse_page
from .state import SandboxState, public_base, sandbox_state
from .store import Page, TransitionError
from .wire import media_json, media_playback, pagination_json, stream_json, stream_playback

METADATA_MAX_PAIRS = 10
TEXT_MAX = 255


def _authorized(request: Request) -> tuple[SandboxState, Response | None]:
    state = sandbox_state(request)
    if not state.credentials.accepts(request):
        return state, r.unauthorized()
    return state, None


def _paged(request: Request, fetch, render) -> Response:
    page_request = parse_page(request.query_params)
    if isinstance(page_request, list):
        return r.validation_error(page_request)
    page: Page = fetch(page_request)
    return r.ok([render(item) for item in page.items],
                pagination_json(page.total, page_request.offset, page_request.limit))


def _media_renderer(request: Request, state: SandboxState):
    image_base = public_base(request, "/image")
    return lambda m: media_json(m, image_base, state.wire)


# ---------------------------------------------------------------- live streams

async def list_streams(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    ws = state.workspace
    return _paged(request, lambda p: ws.page_streams(p.limit, p.offset, p.ascending), stream_json)


async def get_stream(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    stream = state.workspace.stream(request.path_params["stream_id"])
    if stream is None:
        return r.not_found("stream")
    return r.ok(stream_json(stream))


def _transition(action: str):
    async def endpoint(request: Request) -> Response:
        state, denied = _authorized(request)
        if denied:
            return denied
        ws = state.workspace
        method = {"finish": ws.finish_stream, "live-enable": ws.enable_stream,
                  "live-disable": ws.disable_stream}[action]
        try:
            stream = method(request.path_params["stream_id"])
        except TransitionError as exc:
            return r.error(400, exc.message, exc.description)
        if stream is None:
            return r.not_found("stream")
        return r.ok()
    return endpoint


async def get_stream_playback_id(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    stream = state.workspace.stream(request.path_params["stream_id"])
    if stream is None:
        return r.not_found("stream")
    for p in stream.playback_ids:
        if p.id == request.path_params["playback_id"]:
            return r.ok(stream_playback(p))
    return r.not_found("playback ID")


async def viewer_count(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    stream = state.workspace.stream(request.path_params["stream_id"])
    if stream is None:
        return r.not_found("stream")
    # Approximate, like FastPix's: a stable small number while live, 0 otherwise.
    views = (int(stream.id[:4], 16) % 40 + 3) if stream.status == "active" else 0
    return r.ok({"views": views})


# ---------------------------------------------------------------- on-demand media

async def list_media(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    ws = state.workspace
    return _paged(request, lambda p: ws.page_media(p.limit, p.offset, p.ascending),
                  _media_renderer(request, state))


async def get_media(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    media = state.workspace.media(request.path_params["media_id"])
    if media is None:
        return r.not_found("media")
    return r.ok(_media_renderer(request, state)(media))


def _validate_patch(body: object) -> list[tuple[str, str]]:
    if not isinstance(body, dict):
        return [("body", "must be a JSON object")]
    problems: list[tuple[str, str]] = []
    if "metadata" in body:
        metadata = body["metadata"]
        if not isinstance(metadata, dict):
            problems.append(("metadata", "must be an object of string pairs"))
        else:
            if len(metadata) > METADATA_MAX_PAIRS:
                problems.append(("metadata", f"must have at most {METADATA_MAX_PAIRS} entries"))
            for key, value in metadata.items():
                if not isinstance(value, str):
                    problems.append((f"metadata.{key}", "must be a string"))
                elif len(value) > TEXT_MAX or len(key) > TEXT_MAX:
                    problems.append((f"metadata.{key}", f"must be at most {TEXT_MAX} characters"))
    for name in ("title", "creatorId"):
        if name in body:
            value = body[name]
            if not isinstance(value, str):
                problems.append((name, "must be a string"))
            elif len(value) > TEXT_MAX:
                problems.append((name, f"must be at most {TEXT_MAX} characters"))
    return problems


async def patch_media(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    media_id = request.path_params["media_id"]
    if state.workspace.media(media_id) is None:
        return r.not_found("media")
    try:
        body = json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError):
        return r.error(400, "invalid request body", "The request body is not valid JSON.")
    problems = _validate_patch(body)
    if problems:
        return r.validation_error(problems)
    media = state.workspace.update_media(media_id, body)
    if media is None:
        return r.not_found("media")
    return r.ok(_media_renderer(request, state)(media))


async def delete_media(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    if not state.workspace.delete_media(request.path_params["media_id"]):
        return r.not_found("media")
    return r.ok()


async def live_clips(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    ws = state.workspace
    stream_id = request.path_params["media_id"]  # FastPix's path: /on-demand/{livestreamId}/live-clips
    if ws.stream(stream_id) is None:
        return r.not_found("stream")
    return _paged(request, lambda p: ws.page_live_clips(stream_id, p.limit, p.offset, p.ascending),
                  _media_renderer(request, state))


async def media_clips(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    ws = state.workspace
    media_id = request.path_params["media_id"]
    if ws.media(media_id) is None:
        return r.not_found("media")
    return _paged(request, lambda p: ws.page_media_clips(media_id, p.limit, p.offset, p.ascending),
                  _media_renderer(request, state))


async def list_media_playback_ids(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    media = state.workspace.media(request.path_params["media_id"])
    if media is None:
        return r.not_found("media")
    return r.ok([media_playback(p) for p in media.playback_ids])


async def get_media_playback_id(request: Request) -> Response:
    state, denied = _authorized(request)
    if denied:
        return denied
    media = state.workspace.media(request.path_params["media_id"])
    if media is None:
        return r.not_found("media")
    for p in media.playback_ids:
        if p.id == request.path_params["playback_id"]:
            return r.ok(media_playback(p))
    return r.not_found("playback ID")


async def unknown_route(request: Request) -> Response:
    _state, denied = _authorized(request)
    if denied:
        return denied
    return r.error(404, "route not found", f"The sandbox does not implement {request.method} {request.url.path}.")


routes = [
    Route("/live/streams", list_streams, methods=["GET"]),
    Route("/live/streams/{stream_id}", get_stream, methods=["GET"]),
    Route("/live/streams/{stream_id}/finish", _transition("finish"), methods=["PUT"]),
    Route("/live/streams/{stream_id}/live-enable", _transition("live-enable"), methods=["PUT"]),
    Route("/live/streams/{stream_id}/live-disable", _transition("live-disable"), methods=["PUT"]),
    Route("/live/streams/{stream_id}/viewer-count", viewer_count, methods=["GET"]),
    Route("/live/streams/{stream_id}/playback-ids/{playback_id}", get_stream_playback_id, methods=["GET"]),
    Route("/on-demand", list_media, methods=["GET"]),
    Route("/on-demand/{media_id}", get_media, methods=["GET"]),
    Route("/on-demand/{media_id}", patch_media, methods=["PATCH"]),
    Route("/on-demand/{media_id}", delete_media, methods=["DELETE"]),
    Route("/on-demand/{media_id}/live-clips", live_clips, methods=["GET"]),
    Route("/on-demand/{media_id}/media-clips", media_clips, methods=["GET"]),
    Route("/on-demand/{media_id}/playback-ids", list_media_playback_ids, methods=["GET"]),
    Route("/on-demand/{media_id}/playback-ids/{playback_id}", get_media_playback_id, methods=["GET"]),
    Route("/{path:path}", unknown_route, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
]
