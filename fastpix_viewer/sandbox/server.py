"""Run the sandbox in-process on a background thread (tests, the app's demo workspace).

Starlette + uvicorn: a maintained ASGI stack that serves concurrent requests (libVLC
opens several connections at once) and HTTP Range for the MP4 downloads, so we write
no HTTP server of our own.

    server = SandboxServer(scale=None, wire="2026-09", host="127.0.0.1", port=0)
    server.start()                      # returns once listening
    server.api_base, server.stream_base, server.image_base, server.control_base
    server.token_id, server.secret_key  # HTTP Basic credentials for the API
    server.signing_key_id, server.signing_key   # base64 PEM, for private playback tokens
    server.reset(); server.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading

import uvicorn

from .app import build_app
from .faults import Faults
from .signing import SigningKeys
from .state import Credentials, SandboxState
from .store import Workspace
from .wire import WIRE_VERSIONS

START_TIMEOUT = 15.0


class SandboxServer:
    def __init__(self, scale: int | None = None, wire: str = "2026-09", host: str = "127.0.0.1",
                 port: int = 0, processing_delay: float | None = None,
                 recording_appears: str = "end", faults: str = "", fault_seed: int = 0,
                 modes: dict | None = None) -> None:
        if wire not in WIRE_VERSIONS:
            raise ValueError(f"unknown wire version {wire!r}; expected one of {', '.join(WIRE_VERSIONS)}")
        self.host = host
        self._requested_port = port
        self.port: int | None = None
        self.state = SandboxState(
            workspace=Workspace(scale=scale, processing_delay=processing_delay,
                                recording_appears=recording_appears, modes=modes),
            credentials=Credentials.generate(),
            signing=SigningKeys(),
            wire=wire,
            faults=Faults(faults, fault_seed),
        )
        self.app = build_app(self.state)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"SandboxServer(host={self.host!r}, port={self.port!r}, wire={self.state.wire!r})"

    # ------------------------------------------------------------ addresses and secrets

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the sandbox is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + "/v1"

    @property
    def stream_base(self) -> str:
        return self.base_url + "/stream"

    @property
    def image_base(self) -> str:
        return self.base_url + "/image"

    @property
    def control_base(self) -> str:
        return self.base_url + "/_sandbox"

    @property
    def token_id(self) -> str:
        return self.state.credentials.token_id

    @property
    def secret_key(self) -> str:
        return self.state.credentials.secret_key

    @property
    def signing_key_id(self) -> str:
        return self.state.signing.key_id

    @property
    def signing_key(self) -> str:
        return self.state.signing.private_key_b64

    @property
    def workspace(self) -> Workspace:
        return self.state.workspace

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the sandbox is already started")
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto must say TCP explicitly: asyncio only disables Nagle (TCP_NODELAY) on
        # accepted sockets whose proto is IPPROTO_TCP, and with Nagle on every
        # keep-alive request waits ~40 ms for a delayed ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._requested_port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False,  # access logs would record ?token=
            lifespan="off", timeout_graceful_shutdown=2, timeout_keep_alive=5,
        )
        self._server = uvicorn.Server(config)
        server = self._server
        # The `drop` fault aborts one client's connection: uvicorn tracks its open connections
        # (protocol objects, each with its asyncio transport) in `server_state`.
        self.state.faults.connections = lambda: [
            c.transport for c in list(server.server_state.connections) if getattr(c, "transport", None)
        ]
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name="fastpix-sandbox", daemon=True
        )
        self._thread.start()
        # Wait until uvicorn accepts connections (or the thread died trying).
        waited = 0.0
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the sandbox failed to start")
            if waited > START_TIMEOUT:
                raise RuntimeError("the sandbox did not start in time")
            self._thread.join(0.02)
            waited += 0.02

    def _serve(self, sock: socket.socket) -> None:
        assert self._server is not None
        with contextlib.closing(sock):
            asyncio.run(self._server.serve(sockets=[sock]))

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=10)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def reset(self) -> None:
        """Back to the seed workspace and the start-up configuration."""
        self.state.workspace.reset()
        self.state.faults.reset()
        for hook in self.state.extras.get("reset_hooks", []):
            hook()

    def wait(self) -> None:
        """Block until the server stops (KeyboardInterrupt propagates to the caller)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.5)
