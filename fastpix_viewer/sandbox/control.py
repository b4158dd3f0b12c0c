"""The sandbox's own control API (``/_sandbox``), for tests and the demo; not FastPix.

    POST /_sandbox/reset                       back to the seed workspace and start-up config
    POST /_sandbox/config {"processing_delay": 2.5}   Processing media turn Ready 2.5 s from now
                          {"processing_delay": null}  they stay Processing (the default)
         {"recording_appears": "start"|"end"}  when broadcasts' recordings join mediaIds
         {"modes": {"recording_stream_id": "seed"|"always"|"never",
                    "metadata_patch": "replace"|"merge", "token_exp": "every"|"master",
                    "recording_clip": "live"|"plain", "live_clips": "clips"|"with_recordings"}}
                                               undocumented FastPix behaviour (store.MODE_CHOICES)
         {"clock_offset": 600}                 token expiry is judged 600 s in the future
    GET  /_sandbox/state                       wire version, delay, counts
    POST /_sandbox/broadcasts {"stream_id": ID, "preparing_seconds": 1, "recording_appears": "end"}
                                               an encoder connects: idle -> preparing -> active
    DELETE /_sandbox/broadcasts/{stream_id}    the encoder disconnects: back to idle, and the
                                               recording turns Ready after the processing delay
    GET  /_sandbox/broadcasts                  the streams that are preparing or active
    POST /_sandbox/faults {"spec": "api:status=503@0.2; stream/*.ts:segment404@0.1", "seed": 7}
                                               replace the fault rules (syntax: faults.py)
    DELETE /_sandbox/faults                    no faults
    GET  /_sandbox/faults                      the active spec and seed
    GET  /_sandbox/counters                    requests per host and faults served, by kind

Unauthenticated on purpose: it only listens where the sandbox listens (127.0.0.1 by
default) and holds nothing secret.  Later features register more routes here.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .faults import FaultSpecError
from .state import sandbox_state
from .store import RECORDING_MODES, TransitionError


async def reset(request: Request) -> Response:
    state = sandbox_state(request)
    state.workspace.reset()
    state.faults.reset()
    for hook in state.extras.get("reset_hooks", []):
        hook()
    return JSONResponse({"ok": True})


async def config(request: Request) -> Response:
    state = sandbox_state(request)
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        return JSONResponse({"ok": False, "error": "body must be JSON"}, status_code=400)
    if not isinstance(body, dict):
        return JSONResponse({"ok": False, "error": "body must be a JSON object"}, status_code=400)
    if "processing_delay" in body:
        delay = body["processing_delay"]
        if delay is not None and (not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0):
            return JSONResponse({"ok": False, "error": "processing_delay must be seconds >= 0 or null"},
                                status_code=400)
        state.workspace.set_processing_delay(None if delay is None else float(delay))
    if "modes" in body:
        if not isinstance(body["modes"], dict):
            return JSONResponse({"ok": False, "error": "modes must be an object"}, status_code=400)
        try:
            state.workspace.set_modes(body["modes"])
        except ValueError as exc:
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=400)
    if "clock_offset" in body:
        offset = body["clock_offset"]
        if not isinstance(offset, int | float) or isinstance(offset, bool):
            return JSONResponse({"ok": False, "error": "clock_offset must be seconds"}, status_code=400)
        state.workspace.clock_offset = float(offset)
    if "recording_appears" in body:
        if body["recording_appears"] not in RECORDING_MODES:
            return JSONResponse({"ok": False, "error": "recording_appears must be start or end"}, status_code=400)
        state.workspace.set_recording_appears(body["recording_appears"])
    return JSONResponse({"ok": True, "processing_delay": state.workspace.processing_delay,
                         "recording_appears": state.workspace.recording_appears,
                         "modes": dict(state.workspace.modes)})


async def describe(request: Request) -> Response:
    state = sandbox_state(request)
    ws = state.workspace
    return JSONResponse({
        "wire": state.wire,
        "processing_delay": ws.processing_delay,
        "modes": dict(ws.modes),
        "streams": ws.page_streams(1, 1).total,
        "media": ws.page_media(1, 1).total,
    })


def _broadcast_json(stream) -> dict:
    return {"stream_id": stream.id, "status": stream.status,
            "recording_media_id": stream.recording_media_id,
            "recording_appears": stream.recording_appears}


async def start_broadcast(request: Request) -> Response:
    state = sandbox_state(request)
    try:
        body = json.loads(await request.body() or b"{}")
        stream_id = str(body["stream_id"])
        preparing = float(body.get("preparing_seconds", 1.0))
        appears = body.get("recording_appears")
    except (ValueError, KeyError, TypeError):
        return JSONResponse({"ok": False, "error": 'body must be {"stream_id": ..., '
                             '"preparing_seconds": s, "recording_appears": "start"|"end"}'}, status_code=400)
    try:
        stream = state.workspace.start_broadcast(stream_id, preparing, appears)
    except TransitionError as exc:
        return JSONResponse({"ok": False, "error": exc.description}, status_code=409)
    except ValueError as exc:
        return JSONResponse({"ok": False, "error": str(exc)}, status_code=400)
    if stream is None:
        return JSONResponse({"ok": False, "error": "no such stream"}, status_code=404)
    return JSONResponse({"ok": True, **_broadcast_json(stream)})


async def end_broadcast(request: Request) -> Response:
    state = sandbox_state(request)
    stream_id = request.path_params["stream_id"]
    try:
        media = state.workspace.end_broadcast(stream_id)
    except TransitionError as exc:
        return JSONResponse({"ok": False, "error": exc.description}, status_code=409)
    if media is None:
        return JSONResponse({"ok": False, "error": "no such stream"}, status_code=404)
    return JSONResponse({"ok": True, "stream_id": stream_id, "media_id": media.id})


async def list_broadcasts(request: Request) -> Response:
    live = sandbox_state(request).workspace.broadcasting()
    return JSONResponse({"broadcasts": [_broadcast_json(s) for s in live]})


async def set_faults(request: Request) -> Response:
    faults = sandbox_state(request).faults
    try:
        body = json.loads(await request.body() or b"{}")
        spec, seed = str(body.get("spec", "")), int(body.get("seed", 0))
    except (ValueError, TypeError, AttributeError):
        return JSONResponse({"ok": False, "error": 'body must be {"spec": "...", "seed": N}'}, status_code=400)
    try:
        faults.configure(spec, seed)
    except FaultSpecError as exc:
        return JSONResponse({"ok": False, "error": str(exc)}, status_code=400)
    return JSONResponse({"ok": True, "spec": faults.spec, "seed": faults.seed,
                         "rules": [r.text for r in faults.rules]})


async def clear_faults(request: Request) -> Response:
    sandbox_state(request).faults.configure("", 0)
    return JSONResponse({"ok": True})


async def get_faults(request: Request) -> Response:
    faults = sandbox_state(request).faults
    return JSONResponse({"spec": faults.spec, "seed": faults.seed, "rules": [r.text for r in faults.rules]})


async def counters(request: Request) -> Response:
    return JSONResponse(sandbox_state(request).faults.snapshot())


routes = [
    Route("/reset", reset, methods=["POST"]),
    Route("/config", config, methods=["POST"]),
    Route("/state", describe, methods=["GET"]),
    Route("/broadcasts", start_broadcast, methods=["POST"]),
    Route("/broadcasts", list_broadcasts, methods=["GET"]),
    Route("/broadcasts/{stream_id}", end_broadcast, methods=["DELETE"]),
    Route("/faults", set_faults, methods=["POST"]),
    Route("/faults", clear_faults, methods=["DELETE"]),
    Route("/faults", get_faults, methods=["GET"]),
    Route("/counters", counters, methods=["GET"]),
]
