"""Real HTTP for the app under test, but any request started on the Qt main thread fails the
test (the main thread must never wait on I/O)."""

from __future__ import annotations

import threading

import httpx

from fastpix_viewer.ui.core.worker import assert_not_main_thread


class MainThreadGuardTransport(httpx.HTTPTransport):
    """Counts the requests it lets through; keeps the paths of refused ones in `violations`.

    Subclasses keep whatever else their tests check by overriding `record` (called under a lock,
    so worker threads can share one transport) and may answer instead of the network in `forward`.
    Everything stays in memory: URLs may carry playback tokens. With `record_refused`, refused
    requests are recorded too (before the test fails), so the record shows every request made."""

    record_refused = False

    def __init__(self) -> None:
        super().__init__()
        self.request_count = 0
        self.violations: list[str] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            assert_not_main_thread()
        except AssertionError:
            with self._lock:
                self.violations.append(request.url.path)
                if self.record_refused:
                    self.record(request)
            raise
        with self._lock:
            self.request_count += 1
            self.record(request)
        return self.forward(request)

    def record(self, request: httpx.Request) -> None:
        """Remember what the tests need of a request (nothing by default)."""

    def forward(self, request: httpx.Request) -> httpx.Response:
        return super().handle_request(request)


class UrlRecordingTransport(MainThreadGuardTransport):
    """Also remembers every URL asked for (in memory only), e.g. to count image requests."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def record(self, request: httpx.Request) -> None:
        self.urls.append(str(request.url))

    def image_urls(self) -> list[str]:
        with self._lock:
            return [u for u in self.urls if "/image/" in u]
