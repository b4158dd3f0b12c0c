"""A tiny HTTP forward proxy on loopback that counts what passes through it (tests only).

Clients send absolute URLs (`GET http://127.0.0.2:PORT/v1/...`); the proxy records the
target and forwards it to the real server on 127.0.0.1 (nothing listens on 127.0.0.2, so a
request that skipped the proxy fails)."""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_HEADERS = {"connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailers",
               "transfer-encoding", "upgrade"}


class CountingProxy:
    def __init__(self, forward_host: str = "127.0.0.1") -> None:
        self.requests: list[tuple[str, str, str]] = []  # (method, absolute URL, user agent)
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args) -> None:
                return

            def _forward(self) -> None:
                target = urlsplit(self.path)
                with proxy._lock:
                    proxy.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                upstream = http.client.HTTPConnection(forward_host, target.port or 80, timeout=20)
                try:
                    path = target.path + (f"?{target.query}" if target.query else "")
                    upstream.request(self.command, path, body=body, headers=headers)
                    response = upstream.getresponse()
                    data = response.read()
                    self.send_response(response.status, response.reason)
                    for key, value in response.getheaders():
                        if key.lower() not in HOP_HEADERS and key.lower() != "content-length":
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(data)
                except OSError:
                    self.send_error(502)
                finally:
                    upstream.close()

            do_GET = do_POST = do_PATCH = do_DELETE = do_HEAD = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> CountingProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def seen(self, fragment: str) -> list[tuple[str, str, str]]:
        with self._lock:
            return [r for r in self.requests if fragment in r[1]]
