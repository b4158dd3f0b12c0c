"""The sandbox's own control API (``/_sandbox``), for tests and the demo; not FastPix.

    POST /_sandbox/reset                       back to the seed workspace and start-up config
    POST /_sandbox/config {"processing_delay": 2.5}   Processing media turn Ready 2.5 s from now
                          {"processing_delay": null}  they stay Processing (the default)
    GET  /_sandbox/state                       wire version, delay, counts

Unauthenticated on purpose: it only listens where the sandbox listens (127.0.0.1 by
default) and holds nothing secret.  Later features register more routes here.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .state import sandbox_state


async def reset(request: Request) -> Response:
    state = sandbox_state(request)
    state.workspace.reset()
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
    for hook in state.extras.get("config_hooks", []):
        problem = hook(body)
        if problem:
            return JSONResponse({"ok": False, "error": problem}, status_code=400)
    return JSONResponse({"ok": True, "processing_delay": state.workspace.processing_delay})


async def describe(request: Request) -> Response:
    state = sandbox_state(request)
    ws = state.workspace
    return JSONResponse({
        "wire": state.wire,
        "processing_delay": ws.processing_delay,
        "streams": ws.page_streams(1, 1).total,
        "media": ws.page_media(1, 1).total,
    })


routes = [
    Route("/reset", reset, methods=["POST"]),
    Route("/config", config, methods=["POST"]),
    Route("/state", describe, methods=["GET"]),
]
