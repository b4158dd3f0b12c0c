"""A log of the API requests the sandbox received (method, path, query), for tests that must
prove a client sent nothing (e.g. a refused clip) or exactly one write.

    GET /_sandbox/requests     [{"method": "POST", "path": "/on-demand", "query": ""}, ...]
                               (paths below /v1; cleared by every reset)

Only ``/v1`` requests are kept: the stream and image hosts carry playback tokens in their
queries, and nothing secret goes in here.
"""

from __future__ import annotations

import threading

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .state import sandbox_state

API_PREFIX = "/v1"
MAX_ENTRIES = 10_000  # a long demo session must not grow without bound


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[dict[str, str]] = []

    def add(self, method: str, path: str, query: str) -> None:
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                del self._entries[: MAX_ENTRIES // 2]
            self._entries.append({"method": method, "path": path, "query": query})

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def entries(self) -> list[dict[str, str]]:
        with self._lock:
            return [dict(e) for e in self._entries]

    def writes(self) -> list[dict[str, str]]:
        """Everything but GETs: what changes a workspace."""
        return [e for e in self.entries() if e["method"] != "GET"]


def request_log(state) -> RequestLog:
    """The state's log, made (and cleared by every reset) on first use."""
    log = state.extras.get("request_log")
    if log is None:
        log = state.extras["request_log"] = RequestLog()
        state.extras.setdefault("reset_hooks", []).append(log.clear)
    return log


class RequestLogger:
    """ASGI middleware: records each ``/v1`` request before it is answered."""

    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope.get("path", "")
            if path.startswith(API_PREFIX + "/"):
                query = scope.get("query_string", b"").decode("latin-1")
                self.log.add(scope.get("method", ""), path[len(API_PREFIX):], query)
        await self.app(scope, receive, send)


async def list_requests(request: Request) -> Response:
    return JSONResponse(request_log(sandbox_state(request)).entries())


routes = [Route("/requests", list_requests, methods=["GET"])]
