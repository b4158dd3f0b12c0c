"""A total deadline for an HTTP exchange, enforced at the socket.

httpx's timeouts bound each single read, so a host that sends its headers (or a body) one byte
every two seconds never trips them. The transport's network streams are wrapped so that every
connect, read and write while a deadline is set (per thread, see `exchange_deadline`) gets at
most the time left; when none is left the read fails as a timeout, which the transport reports
like any other ("did not answer completely within N seconds").
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

_local = threading.local()


@contextlib.contextmanager
def exchange_deadline(seconds: float) -> Iterator[None]:
    """Every socket operation of this thread inside the block ends `seconds` from now at the latest."""
    previous = getattr(_local, "until", None)
    until = time.monotonic() + max(seconds, 0.0)
    _local.until = until if previous is None else min(previous, until)
    try:
        yield
    finally:
        _local.until = previous


def _clamp(timeout: float | None) -> float | None:
    until = getattr(_local, "until", None)
    if until is None:
        return timeout
    left = until - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the total deadline of the exchange passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _clamp(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_tcp(host, port, _clamp(timeout), local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _clamp(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def enforce_deadlines(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    """Wrap the transport's network backend (before its first request) so `exchange_deadline` holds.

    httpx has no public hook for the backend; if its internals change, the wrap is skipped and
    the per-read timeouts remain (the hostile-server tests then fail, which is the alarm)."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is not None and not isinstance(backend, _DeadlineBackend):
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    return transport
