"""The ASGI app: four 'hosts' as path prefixes on one port (see the contract in server.py)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount

from . import (
    api,
    clips,
    control,
    image_host,
    insights,
    metrics,
    playback_ids,
    request_log,
    spritesheets,
    stream_host,
    subtitle_hls,
)
from . import responses as r
from .faults import FaultInjector
from .state import SandboxState


async def _not_found(request: Request, exc: Exception) -> Response:
    return r.error(404, "not found", "No such path on the FastPix sandbox.")


def build_app(state: SandboxState) -> Starlette:
    app = Starlette(
        routes=[
            # Clip and playback-ID writes first: api.routes ends in a catch-all.
            Mount("/v1", routes=[*clips.routes, *playback_ids.routes, *insights.routes, *metrics.routes,
                                 *api.routes]),
            Mount("/stream", routes=[*insights.stream_routes, *subtitle_hls.routes, *stream_host.routes]),
            Mount("/image", routes=[*spritesheets.routes, *image_host.routes]),
            Mount("/_sandbox", routes=[*control.routes, *request_log.routes, *insights.control_routes]),
        ],
        exception_handlers={404: _not_found},
        middleware=[Middleware(request_log.RequestLogger, log=request_log.request_log(state)),
                    Middleware(FaultInjector, faults=state.faults)],
    )
    app.state.sandbox = state
    insights.book(state)  # registers its reset hook before any request
    return app
