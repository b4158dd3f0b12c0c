"""Clips and MP4 renditions on the sandbox's ``/v1``: create-media from ``fp_mediaId://``
and ``update-mp4Support`` (a media's clips and a stream's live clips are listed by api.py).

A clip is a new media over its source's sample asset with a ``span`` (seconds into the
asset). The stream host serves the source's HLS cut to that span at **segment
boundaries** (``hls.cut_media_playlist``: every segment overlapping the range), so a
4-second clip of 2-second segments plays 4 to 6 seconds; the API reports the exact
requested length, as FastPix does. Times may be integers (the May 2026 spec) or float
seconds (FastPix's SDK 1.2.0). The clip is ``Created`` until the processing delay
has passed (``/_sandbox/config processing_delay``, else ``DEFAULT_CLIP_DELAY``), then
``Ready``; it carries ``sourceMediaId``.

Refusals follow FastPix's bodies (shared/fastpix-openapi/observed-responses): 422
``payload validation failed`` with ``fields`` for a bad body, 400 with a
``message``/``description`` for a request the media's state forbids, 404 for unknown IDs.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import responses as r
from .api import authorized, metadata_problems, title_problems
from .assets import load_asset
from .model import MediaRecord, PlaybackRecord
from .state import SandboxState, public_base
from .store import utc_now
from .wire import media_duration, media_json, timestamp

# A clip (or a new MP4 rendition) is ready this long after it was asked for when the
# sandbox has no processing delay configured.
DEFAULT_CLIP_DELAY = 3.0
MEDIA_INPUT = "fp_mediaId://"
ACCESS_POLICIES = ("public", "private", "drm")
CREATE_MP4 = ("capped_4k", "audioOnly", "audioOnly,capped_4k")
UPDATE_MP4 = ("none", *CREATE_MP4)


def processing_deadline(state: SandboxState) -> float:
    delay = state.workspace.processing_delay
    return time.monotonic() + (DEFAULT_CLIP_DELAY if delay is None else delay)


async def read_body(request: Request) -> Any:
    """The JSON body, or None when it is not JSON (answered as a 422 on ``body``)."""
    try:
        return json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError):
        return None


def _is_number(value: object) -> bool:
    # The May 2026 spec says integer, FastPix's SDK 1.2.0 sends float seconds: accept both.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text_problems(body: dict, problems: list[tuple[str, str]]) -> None:
    title_problems(body, problems)
    metadata_problems(body, problems)


def _create_problems(body: object) -> list[tuple[str, str]]:
    """The 422 field list for a create-media body (an empty list: the shape is fine)."""
    if not isinstance(body, dict):
        return [("body", "must be a JSON object")]
    problems: list[tuple[str, str]] = []
    inputs = body.get("inputs")
    if not isinstance(inputs, list) or not inputs:
        problems.append(("inputs", "is required"))
    else:
        video = inputs[0]
        if not isinstance(video, dict):
            problems.append(("inputs[0]", "must be an object"))
        else:
            if video.get("type") != "video":
                problems.append(("inputs[0].type", "must be video"))
            if not isinstance(video.get("url"), str) or not video["url"]:
                problems.append(("inputs[0].url", "is required"))
            for name in ("startTime", "endTime"):
                if name in video and not _is_number(video[name]):
                    problems.append((f"inputs[0].{name}", "must be a number"))
                elif name in video and video[name] < 0:
                    problems.append((f"inputs[0].{name}", "must be at least 0"))
    policy = body.get("accessPolicy")
    if policy is None:
        problems.append(("accessPolicy", "is required"))
    elif policy not in ACCESS_POLICIES:
        problems.append(("accessPolicy", "must be one of [public, private, drm]"))
    elif policy == "drm":
        # The sandbox has no DRM configurations, so every ID is invalid (as recorded).
        problems.append(("drmConfigurationId", "is invalid"))
    if "mp4Support" in body and body["mp4Support"] not in CREATE_MP4:
        problems.append(("mp4Support", "must be one of [capped_4k, audioOnly, audioOnly,capped_4k]"))
    _text_problems(body, problems)
    return problems


def _create_response(clip: MediaRecord, body: dict) -> dict:
    """CreateMediaResponse, key for key as in the spec's example."""
    return {
        "id": clip.id,
        "trial": False,
        "status": clip.status,
        "createdAt": timestamp(clip.created_at),
        "updatedAt": timestamp(clip.updated_at),
        "playbackIds": [{"id": p.id, "accessPolicy": p.access_policy,
                         "accessRestrictions": {"domains": dict(p.restrictions["domains"]),
                                                "userAgents": dict(p.restrictions["userAgents"])}}
                        for p in clip.playback_ids],
        "metadata": dict(clip.metadata),
        "mediaQuality": clip.media_quality,
        "sourceAccess": False,
        "maxResolution": clip.max_resolution or "1080p",
        "inputs": [dict(body["inputs"][0])],
        "optimizeAudio": False,
    }


def _clip_stream_id(state: SandboxState, source: MediaRecord) -> str | None:
    if state.workspace.modes["recording_clip"] == "plain":
        return None
    return source.stream_id or source.recording_of


@authorized
async def create_media(request: Request, state: SandboxState) -> Response:
    body = await read_body(request)
    problems = _create_problems(body)
    if problems:
        return r.validation_error(problems)
    video = body["inputs"][0]
    url: str = video["url"]
    if not url.startswith(MEDIA_INPUT):
        return r.error(400, "unsupported input",
                       "The sandbox creates media only from fp_mediaId://<mediaId> inputs (clips).")
    source = state.workspace.media(url[len(MEDIA_INPUT):])
    if source is None:
        return r.not_found("media")
    if source.status != "Ready":
        return r.error(400, "media is not ready",
                       f"Clips can only be created from media that are ready (this one is {source.status}).")
    length = media_duration(source, load_asset(source.asset))
    start = video.get("startTime", 0)
    end = video.get("endTime", length)
    if start >= end:
        return r.validation_error([("inputs[0].endTime", "must be greater than startTime")])
    if end > length:
        return r.validation_error([("inputs[0].endTime", f"must not exceed the media's duration ({length:g} s)")])
    offset = source.span[0] if source.span is not None else 0.0
    now = utc_now()
    clip = MediaRecord(
        id=str(uuid.uuid4()), asset=source.asset, status="Created", created_at=now, updated_at=now,
        playback_ids=[PlaybackRecord(str(uuid.uuid4()), body["accessPolicy"])],
        track_ids=tuple(str(uuid.uuid4()) for _ in range(4)),
        metadata=dict(body.get("metadata") or {}), title=body.get("title"),
        creator_id=body.get("creatorId"), source_media_id=source.id,
        # Cut from a recording (or a live clip): whether FastPix tags such a clip with the
        # stream (and lists it among the stream's live clips) is not documented, so both forms
        # are served (mode recording_clip). "live": the stream is the one whose mediaIds list
        # the source, also when the source's own JSON carries no streamId (FastPix's docs
        # example). "plain": a clip of a recording is an ordinary media clip.
        stream_id=_clip_stream_id(state, source),
        media_quality=source.media_quality, max_resolution=source.max_resolution,
        mp4_support=tuple(sorted(body.get("mp4Support", "").split(","))) if body.get("mp4Support") else (),
        span=(offset + start, offset + end), ready_at=processing_deadline(state),
        live_segments=source.live_segments,
    )
    state.workspace.add_media(clip)
    return r.ok(_create_response(clip, body), status=201)


@authorized
async def update_mp4_support(request: Request, state: SandboxState) -> Response:
    media = state.workspace.media(request.path_params["media_id"])
    if media is None:
        return r.not_found("media")
    body = await read_body(request)
    if not isinstance(body, dict):
        return r.validation_error([("body", "must be a JSON object")])
    if "mp4Support" not in body:
        return r.validation_error([("mp4Support", "is required")])
    if body["mp4Support"] not in UPDATE_MP4:
        return r.validation_error([("mp4Support", "must be one of [none, capped_4k, audioOnly, audioOnly,capped_4k]")])
    if media.status == "Failed":
        return r.error(400, "mp4Support cannot be updated", "The media failed to process.")
    wanted = () if body["mp4Support"] == "none" else tuple(sorted(body["mp4Support"].split(",")))
    deadline = processing_deadline(state)
    # Renditions kept stay as they are; new ones are prepared (until the media is Ready too).
    media.mp4_pending = {k: v for k, v in media.mp4_pending.items() if k in wanted}
    for kind in wanted:
        if kind not in media.mp4_support:
            media.mp4_pending[kind] = deadline
    media.mp4_support = wanted
    media.updated_at = utc_now()
    return r.ok(media_json(media, public_base(request, "/image"), state.wire))


routes = [
    Route("/on-demand", create_media, methods=["POST"]),
    Route("/on-demand/{media_id}/update-mp4Support", update_mp4_support, methods=["PATCH"]),
]
