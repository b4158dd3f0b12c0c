"""A deliberately misbehaving HTTP/1.1 server on 127.0.0.1 for what the sandbox cannot do:
headers sent one byte at a time, bodies that end early without a length, malformed ranges,
web pages in place of media, lists that never end.

Each path maps to a handler `handler(request) -> bytes | Iterable[bytes | float]`: the raw
bytes to write to the socket (status line, headers and body, exactly as given); a float in
the iterable is a pause in seconds. The connection is closed after each answer.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pytest


@dataclass
class Request:
    method: str
    path: str  # without the query
    query: str
    headers: dict[str, str]


Handler = Callable[[Request], "bytes | Iterable[bytes | float]"]


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None, *, length: bool = True) -> bytes:
    """A complete raw response; `length=False` leaves out Content-Length (body ends at close)."""
    lines = [f"HTTP/1.1 {status} X"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if length:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class HostileServer:
    routes: dict[str, Handler] = field(default_factory=dict)
    seen: list[Request] = field(default_factory=list)

    def start(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._socket.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(10)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
                method, target, _version = head[0].split(" ", 2)
                path, _, query = target.partition("?")
                headers = {}
                for line in head[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                request = Request(method, path, query, headers)
                self.seen.append(request)
                handler = self.routes.get(path)
                if handler is None:
                    connection.sendall(answer(404, b'{"success":false}', {"Content-Type": "application/json"}))
                    return
                produced = handler(request)
                for piece in [produced] if isinstance(produced, bytes) else produced:
                    if self._stop.is_set():
                        return
                    if isinstance(piece, float | int):
                        time.sleep(piece)
                    else:
                        connection.sendall(piece)
            except OSError:
                return


def drip(raw: bytes, every: float) -> Iterator[bytes | float]:
    """`raw` one byte at a time, `every` seconds apart."""
    for index in range(len(raw)):
        yield raw[index:index + 1]
        yield every


@pytest.fixture
def hostile_http() -> Iterator[HostileServer]:
    server = HostileServer()
    server.start()
    yield server
    server.stop()
