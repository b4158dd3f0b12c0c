"""The FastPix REST API under ``/v1``: live streams, on-demand media and playback IDs."""

from __future__ import annotations

import functools
import json
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import responses as r
from .insights import decorate_media
from .model import MediaRecord, PlaybackRecord, StreamRecord
from .paging import parse_page
from .state import SandboxState, public_base, sandbox_state
from .store import Page, TransitionError
from .wire import media_json, media_playback, pagination_json, stream_json, stream_playback

METADATA_MAX_PAIRS = 10
TEXT_MAX = 255


Endpoint = Callable[[Request, SandboxState], Awaitable[Response]]


def authorized(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
    """Answer 401 (FastPix's body) unless the request carries the workspace's Basic credentials;
    otherwise call the endpoint with the sandbox state."""

    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        state = sandbox_state(request)
        if not state.credentials.accepts(request):
            return r.unauthorized()
        return await endpoint(request, state)

    return guarded


def _find_playback(owner: MediaRecord | StreamRecord, playback_id: str) -> PlaybackRecord | None:
    return next((p for p in owner.playback_ids if p.id == playback_id), None)


def _paged(request: Request, fetch, render) -> Response:
    page_request = parse_page(request.query_params)
    if isinstance(page_request, list):
        return r.validation_error(page_request)
    page: Page = fetch(page_request)
    return r.ok([render(item) for item in page.items],
                pagination_json(page.total, page_request.offset, page_request.limit))


def _media_renderer(request: Request, state: SandboxState, *, listing: bool = False):
    image_base = public_base(request, "/image")
    mode = state.workspace.modes["recording_stream_id"]

    def render(m: MediaRecord) -> dict:
        body = media_json(m, image_base, state.wire, mode)
        decorate_media(state, m, body, request, listing=listing)  # AI fields and generated subtitles
        return body
    return render


# ---------------------------------------------------------------- live streams

@authorized
async def list_streams(request: Request, state: SandboxState) -> Response:
    ws = state.workspace
    return _paged(request, lambda p: ws.page_streams(p.limit, p.offset, p.ascending), stream_json)


@authorized
async def get_stream(request: Request, state: SandboxState) -> Response:
    stream = state.workspace.stream(request.path_params["stream_id"])
    if stream is None:
        return r.not_found("stream")
    return r.ok(stream_json(stream))


def _transition(action: str):
    @authorized
    async def endpoint(request: Request, state: SandboxState) -> Response:
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


@authorized
async def get_stream_playback_id(request: Request, state: SandboxState) -> Response:
    stream = state.workspace.stream(request.path_params["stream_id"])
    if stream is None:
        return r.not_found("stream")
    playback = _find_playback(stream, request.path_params["playback_id"])
    return r.ok(stream_playback(playback)) if playback else r.not_found("playback ID")


@authorized
async def viewer_count(request: Request, state: SandboxState) -> Response:
    stream = state.workspace.stream(request.path_params["stream_id"])
    if stream is None:
        return r.not_found("stream")
    # Approximate, like FastPix's: a stable small number while live, 0 otherwise.
    views = (int(stream.id[:4], 16) % 40 + 3) if stream.status == "active" else 0
    return r.ok({"views": views})


# ---------------------------------------------------------------- on-demand media

@authorized
async def list_media(request: Request, state: SandboxState) -> Response:
    ws = state.workspace
    return _paged(request, lambda p: ws.page_media(p.limit, p.offset, p.ascending),
                  _media_renderer(request, state, listing=True))


@authorized
async def get_media(request: Request, state: SandboxState) -> Response:
    media = state.workspace.media(request.path_params["media_id"])
    if media is None:
        return r.not_found("media")
    return r.ok(_media_renderer(request, state)(media))


def metadata_problems(body: dict, problems: list[tuple[str, str]]) -> None:
    """FastPix's 422 field problems for a body's `metadata` (at most 10 string pairs of 255)."""
    if "metadata" not in body:
        return
    metadata = body["metadata"]
    if not isinstance(metadata, dict):
        problems.append(("metadata", "must be an object of string pairs"))
        return
    if len(metadata) > METADATA_MAX_PAIRS:
        problems.append(("metadata", f"must have at most {METADATA_MAX_PAIRS} entries"))
    for key, value in metadata.items():
        if not isinstance(value, str):
            problems.append((f"metadata.{key}", "must be a string"))
        elif len(value) > TEXT_MAX or len(key) > TEXT_MAX:
            problems.append((f"metadata.{key}", f"must be at most {TEXT_MAX} characters"))


def title_problems(body: dict, problems: list[tuple[str, str]]) -> None:
    """FastPix's 422 field problems for a body's `title` and `creatorId`."""
    for name in ("title", "creatorId"):
        if name in body:
            value = body[name]
            if not isinstance(value, str):
                problems.append((name, "must be a string"))
            elif len(value) > TEXT_MAX:
                problems.append((name, f"must be at most {TEXT_MAX} characters"))


def _validate_patch(body: object) -> list[tuple[str, str]]:
    if not isinstance(body, dict):
        return [("body", "must be a JSON object")]
    problems: list[tuple[str, str]] = []
    metadata_problems(body, problems)
    title_problems(body, problems)
    return problems


@authorized
async def patch_media(request: Request, state: SandboxState) -> Response:
    media_id = request.path_params["media_id"]
    if state.workspace.media(media_id) is None:
        return r.not_found("media")
    try:
        body = json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError):
        # FastPix answers a body it cannot read like any other bad payload: 422, field list.
        return r.validation_error([("body", "must be a JSON object")])
    problems = _validate_patch(body)
    if problems:
        return r.validation_error(problems)
    media = state.workspace.update_media(media_id, body)
    if media is None:
        return r.not_found("media")
    return r.ok(_media_renderer(request, state)(media))


@authorized
async def delete_media(request: Request, state: SandboxState) -> Response:
    if not state.workspace.delete_media(request.path_params["media_id"]):
        return r.not_found("media")
    return r.ok()


@authorized
async def live_clips(request: Request, state: SandboxState) -> Response:
    ws = state.workspace
    stream_id = request.path_params["media_id"]  # FastPix's path: /on-demand/{livestreamId}/live-clips
    if ws.stream(stream_id) is None:
        return r.not_found("stream")
    return _paged(request, lambda p: ws.page_live_clips(stream_id, p.limit, p.offset, p.ascending),
                  _media_renderer(request, state))


@authorized
async def media_clips(request: Request, state: SandboxState) -> Response:
    ws = state.workspace
    media_id = request.path_params["media_id"]
    if ws.media(media_id) is None:
        return r.not_found("media")
    return _paged(request, lambda p: ws.page_media_clips(media_id, p.limit, p.offset, p.ascending),
                  _media_renderer(request, state))


@authorized
async def list_media_playback_ids(request: Request, state: SandboxState) -> Response:
    media = state.workspace.media(request.path_params["media_id"])
    if media is None:
        return r.not_found("media")
    return r.ok([media_playback(p) for p in media.playback_ids])


@authorized
async def get_media_playback_id(request: Request, state: SandboxState) -> Response:
    media = state.workspace.media(request.path_params["media_id"])
    if media is None:
        return r.not_found("media")
    playback = _find_playback(media, request.path_params["playback_id"])
    return r.ok(media_playback(playback)) if playback else r.not_found("playback ID")


@authorized
async def unknown_route(request: Request, state: SandboxState) -> Response:
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
