"""Creating and deleting playback IDs of media and live streams on the sandbox's ``/v1``.

Both deletes take the ID as a **query parameter** (``?playbackId=``), as in the spec. A new
ID is served by the stream and image hosts at once; a deleted one is refused (404) at
once. Deleting the last playback ID is allowed, as FastPix allows it: the media or stream
then has no way to be played, which is why the client asks for confirmation first.
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import responses as r
from .api import authorized
from .clips import read_body
from .model import MediaRecord, PlaybackRecord, StreamRecord, open_restrictions
from .state import SandboxState
from .wire import media_playback, stream_playback

MEDIA_POLICIES = ("public", "private", "drm")
STREAM_POLICIES = ("public", "private")  # BasicAccessPolicy
RESOLUTIONS = ("480p", "720p", "1080p", "1440p", "2160p")


def _restriction_problems(value: object) -> list[tuple[str, str]]:
    if not isinstance(value, dict):
        return [("accessRestrictions", "must be an object")]
    problems = []
    for name in ("domains", "userAgents"):
        part = value.get(name)
        if part is None:
            continue
        if not isinstance(part, dict):
            problems.append((f"accessRestrictions.{name}", "must be an object"))
            continue
        if part.get("defaultPolicy", "allow") not in ("allow", "deny"):
            problems.append((f"accessRestrictions.{name}.defaultPolicy", "must be one of [allow, deny]"))
        for key in ("allow", "deny"):
            items = part.get(key, [])
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                problems.append((f"accessRestrictions.{name}.{key}", "must be a list of strings"))
    return problems


def _restrictions(value: dict | None) -> dict:
    restrictions = open_restrictions()
    for name in ("domains", "userAgents"):
        part = (value or {}).get(name)
        if isinstance(part, dict):
            restrictions[name] = {"defaultPolicy": part.get("defaultPolicy", "allow"),
                                  "allow": list(part.get("allow", [])), "deny": list(part.get("deny", []))}
    return restrictions


def _policy_problems(body: object, policies: tuple[str, ...]) -> list[tuple[str, str]]:
    if not isinstance(body, dict):
        return [("body", "must be a JSON object")]
    policy = body.get("accessPolicy")
    if policy is None:
        return [("accessPolicy", "is required")]
    if policy not in policies:
        return [("accessPolicy", f"must be one of [{', '.join(policies)}]")]
    if policy == "drm":
        # The sandbox has no DRM configurations: every drmConfigurationId is invalid (as recorded).
        return [("drmConfigurationId", "is invalid")]
    return []


def _wanted_id(request: Request) -> str | Response:
    playback_id = request.query_params.get("playbackId")
    if not playback_id:
        return r.validation_error([("playbackId", "is required")])
    return playback_id


@authorized
async def create_media_playback_id(request: Request, state: SandboxState) -> Response:
    media = state.workspace.media(request.path_params["media_id"])
    if media is None:
        return r.not_found("media")
    body = await read_body(request)
    problems = _policy_problems(body, MEDIA_POLICIES)
    if not problems and "accessRestrictions" in body:
        problems = _restriction_problems(body["accessRestrictions"])
    if not problems and "resolution" in body and body["resolution"] not in RESOLUTIONS:
        problems = [("resolution", f"must be one of [{', '.join(RESOLUTIONS)}]")]
    if problems:
        return r.validation_error(problems)
    playback = PlaybackRecord(str(uuid.uuid4()), body["accessPolicy"], _restrictions(body.get("accessRestrictions")))
    state.workspace.add_playback_id(media, playback)
    data = media_playback(playback)
    if "resolution" in body:
        data["resolution"] = body["resolution"]
    return r.ok(data, status=201)


@authorized
async def delete_media_playback_id(request: Request, state: SandboxState) -> Response:
    return _remove(request, state, state.workspace.media(request.path_params["media_id"]), "media")


def _remove(request: Request, state: SandboxState, owner: MediaRecord | StreamRecord | None, kind: str) -> Response:
    """DELETE of a playback ID, for a media or a live stream alike: 404 for an unknown owner or ID."""
    if owner is None:
        return r.not_found(kind)
    wanted = _wanted_id(request)
    if isinstance(wanted, Response):
        return wanted
    if not state.workspace.remove_playback_id(owner, wanted):
        return r.not_found("playback ID")
    return r.ok()


def _stream(request: Request, state: SandboxState) -> StreamRecord | None:
    return state.workspace.stream(request.path_params["stream_id"])


@authorized
async def create_stream_playback_id(request: Request, state: SandboxState) -> Response:
    stream = _stream(request, state)
    if stream is None:
        return r.not_found("stream")
    body = await read_body(request)
    problems = _policy_problems(body, STREAM_POLICIES)
    if problems:
        return r.validation_error(problems)
    playback = PlaybackRecord(str(uuid.uuid4()), body["accessPolicy"])
    state.workspace.add_playback_id(stream, playback)
    return r.ok(stream_playback(playback), status=201)


@authorized
async def delete_stream_playback_id(request: Request, state: SandboxState) -> Response:
    return _remove(request, state, _stream(request, state), "stream")


routes = [
    Route("/on-demand/{media_id}/playback-ids", create_media_playback_id, methods=["POST"]),
    Route("/on-demand/{media_id}/playback-ids", delete_media_playback_id, methods=["DELETE"]),
    Route("/live/streams/{stream_id}/playback-ids", create_stream_playback_id, methods=["POST"]),
    Route("/live/streams/{stream_id}/playback-ids", delete_stream_playback_id, methods=["DELETE"]),
]
