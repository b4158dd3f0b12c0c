"""A hostile FastPix workspace: a small Starlette app of our own that speaks FastPix's
envelope (`success`/`data`/`pagination`) but fills it with what a broken or malicious
backend could send: markup, right-to-left overrides, 1 MB strings, 200-deep nesting,
NaN/Infinity tokens, 1e308 and 400-digit numbers, wrong types for every field, duplicate
IDs, IDs that are path traversal, and mediaIds that do not exist. The stream host answers
FastPix's 404 and the image host an HTML page, so playback and thumbnails fail too."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fpv_support.guard_transport import MainThreadGuardTransport
from fpv_support.headless_vlc import headless_vlc_fixture
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fastpix_viewer.api import Endpoints, FastPixClient, Workspace
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.main_window import MainWindow

MEGABYTE = "Ж" * 1_000_000  # 1 M characters (2 MB of UTF-8)
HTML = '<b>bold</b><img src="http://evil.example/x.png"><a href="https://evil.example">link</a>'
RLO = "\u202eredro\u202c and \u2067isolate\u2069 \u200f"
CONTROL = "tab\tnew\nline\rcarriage\x00nul\x1bescape"


def deep(levels: int) -> Any:
    value: Any = "bottom"
    for n in range(levels):
        value = {"level": n, "child": value} if n % 2 else [value]
    return value


def new_id() -> str:
    return str(uuid.uuid4())


def stream_id() -> str:
    return uuid.uuid4().hex


class Hostile:
    """The workspace's JSON (ids exposed for the tests) and the raw bodies for special paths."""

    def __init__(self) -> None:
        self.good_media = new_id()
        self.dup_media = new_id()
        self.dup_stream = stream_id()
        self.missing = [new_id(), new_id()]
        self.nan_media = new_id()
        self.deep_media = new_id()
        self.bigint_media = new_id()
        pid = new_id()

        def media(**fields: Any) -> dict:
            base = {"id": new_id(), "title": "plain", "status": "Ready", "createdAt": "2026-01-01T00:00:00Z",
                    "playbackIds": [{"id": new_id(), "accessPolicy": "public"}], "duration": 12.5,
                    "tracks": [{"id": new_id(), "type": "video", "width": 1280, "height": 720}], "metadata": {}}
            base.update(fields)
            return base

        def stream(**fields: Any) -> dict:
            base = {"streamId": stream_id(), "status": "idle", "createdAt": "2026-01-01T00:00:00Z",
                    "playbackIds": [{"id": new_id(), "accessPolicy": "public"}], "mediaIds": [],
                    "metadata": {"livestream_name": "plain"}}
            base.update(fields)
            return base

        self.media = [
            media(id=self.good_media, title=HTML + RLO, playbackIds=[{"id": pid, "accessPolicy": "public"}],
                  metadata={"html": HTML, "rlo": RLO, "control": CONTROL}),
            media(title=MEGABYTE, metadata={"big": MEGABYTE}),
            media(title=CONTROL, duration=1e308, tracks=[{"id": 5, "type": ["video"], "width": "wide",
                                                          "height": -1e308, "frameRate": {}, "status": 3}]),
            media(title=123, status=404, playbackIds={"id": pid}, tracks="none", metadata=["a", "b"],
                  createdAt=1e308, duration="forever", isAudioOnly="yes", mp4Support={"x": 1}),
            media(title=None, status=None, playbackIds=None, tracks=None, metadata=None, createdAt=None,
                  duration=None),
            media(title=["list"], status={"nested": True}, playbackIds=[5, "x", None, {"id": "../../etc"}],
                  createdAt="not a date", updatedAt=-5, duration=-1, sourceMediaId=7, streamId=[]),
            media(id=self.dup_media, title="first copy"),
            media(id=self.dup_media, title="second copy, same ID"),
            media(id="../../../etc/passwd", title="path traversal ID"),
            media(id="x?token=1#frag", title="query in ID"),
            media(id=12345, title="numeric ID"),
            media(title="huge integer", duration=int("9" * 400), metadata={"n": int("9" * 400)}),
            media(title="deep metadata", metadata={"deep": deep(40)}),
            media(id=self.nan_media, title="NaN in details"),
            media(id=self.deep_media, title="200-deep details"),
            media(id=self.bigint_media, title="5000-digit number in details"),
            "not an object", 42, None, ["a", "list"],
        ]
        self.streams = [
            stream(metadata={"livestream_name": HTML + RLO, "note": CONTROL}, status="<i>active</i>"),
            stream(metadata={"livestream_name": MEGABYTE}),
            stream(status=5, mediaIds="not-a-list", playbackIds={"id": new_id()}, metadata=["x"],
                   createdAt=1e308, maxResolution=7, reconnectWindow=-1e308, enableDvrMode="yes"),
            stream(mediaIds=[*self.missing, self.good_media, "../../x", 5, None]),
            stream(streamId=self.dup_stream, metadata={"livestream_name": "first copy"}),
            stream(streamId=self.dup_stream, metadata={"livestream_name": "second copy"}),
            stream(streamId="../../v1/on-demand", metadata={"livestream_name": "traversal"}),
            stream(streamId=None, metadata=None, status=None, mediaIds=None, playbackIds=None),
            stream(metadata={"deep": deep(40)}),
            "string instead of a stream", 3.5,
        ]
        nan = '{"success": true, "data": {"id": "ID", "title": NaN, "duration": Infinity}}'.replace("ID", self.nan_media)
        self.raw = {
            f"/v1/on-demand/{self.nan_media}": nan,
            f"/v1/on-demand/{self.deep_media}": json.dumps({"success": True, "data": {"id": self.deep_media,
                                                                                        "x": deep(200)}}),
            f"/v1/on-demand/{self.bigint_media}": '{"success": true, "data": {"id": "ID", "duration": DIGITS}}'
            .replace("ID", self.bigint_media).replace("DIGITS", "9" * 5000),
        }
        self.requests: list[str] = []

    def envelope(self, data: Any, **extra: Any) -> Response:
        return Response(json.dumps({"success": True, "data": data, **extra}), media_type="application/json")

    def not_found(self) -> Response:
        body = {"success": False, "error": {"code": 404, "message": "Not Found", "description": HTML + RLO}}
        return Response(json.dumps(body), status_code=404, media_type="application/json")

    def app(self) -> Starlette:
        async def route(request: Request) -> Response:
            path = request.url.path
            self.requests.append(path)
            if path in self.raw:
                return Response(self.raw[path], media_type="application/json")
            if path.startswith("/image/"):
                return Response("<html><body>" + HTML + "</body></html>", media_type="text/html")
            if path.startswith("/stream/"):
                return self.not_found()
            pagination = {"pagination": {"totalRecords": 0, "currentOffset": 1, "offsetCount": 1}}
            if path == "/v1/on-demand":
                pagination["pagination"]["totalRecords"] = len(self.media)
                return self.envelope(self.media, **pagination)
            if path == "/v1/live/streams":
                pagination["pagination"]["totalRecords"] = len(self.streams)
                return self.envelope(self.streams, **pagination)
            parts = path.split("/")
            for item in self.media:
                if isinstance(item, dict) and len(parts) > 3 and parts[2] == "on-demand" and item["id"] == parts[3]:
                    return self.envelope(item)
            for item in self.streams:
                if isinstance(item, dict) and len(parts) > 4 and item["streamId"] == parts[4]:
                    if path.endswith("/viewer-count"):
                        return self.envelope({"views": "NaN"})
                    return self.envelope(item)
            return self.not_found()

        return Starlette(routes=[Route("/{path:path}", route, methods=["GET", "PATCH", "PUT", "DELETE"])])


class Server:
    def __init__(self, app: Any) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve([self.sock])), daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)
        self.sock.close()


headless_vlc = headless_vlc_fixture(autouse=True)


@pytest.fixture
def hostile() -> Iterator[tuple[Hostile, Server]]:
    data = Hostile()
    server = Server(data.app())
    yield data, server
    server.stop()


@pytest.fixture
def hostile_window(hostile, qtbot, tmp_path: Path) -> Iterator[tuple[MainWindow, Hostile]]:
    data, server = hostile
    workspace = Workspace("hostile-token", "hostile-secret-key",
                          Endpoints(f"{server.base}/v1", f"{server.base}/stream", f"{server.base}/image"),
                          name=HTML + RLO)
    client = FastPixClient(workspace, transport=MainThreadGuardTransport(), retry=RetryPolicy(attempts=1))
    pool = WorkerPool(4)
    window = MainWindow(Session(workspace, client), pool, UiSettings(tmp_path / "cfg"), cache_dir=tmp_path / "cache")
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading() and pool.pending_count() == 0, timeout=20000)
    yield window, data
    window.close()
    pool.shutdown(timeout=2.0)
    client.close()
