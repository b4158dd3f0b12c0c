"""Recovery tests: the real MainWindow and player against the in-process sandbox over real HTTP,
with faults switched on and then off again. The client keeps the app's own retry policy
(3 attempts, Retry-After honoured) unless a test says otherwise; its transport records when
each request was sent and answered, and fails any request started on the Qt main thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from fastpix_viewer.api import Endpoints, FastPixClient, Workspace
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool, assert_not_main_thread
from fastpix_viewer.ui.playback import vlc_setup
from fastpix_viewer.ui.shell.main_window import MainWindow

HEADLESS_VLC_ARGS = "--vout=dummy --aout=dummy"


@dataclass(frozen=True)
class Sent:
    path: str
    sent: float  # time.monotonic() when the request left
    answered: float  # when its status line came back (or it failed)
    status: int  # 0: no answer (connection dropped, timed out)


class TimedTransport(httpx.HTTPTransport):
    """Real HTTP; remembers every request's path and timing (paths only: URLs may carry tokens)."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[Sent] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert_not_main_thread()
        sent = time.monotonic()
        status = 0
        try:
            response = super().handle_request(request)
            status = response.status_code
            return response
        finally:
            with self._lock:
                self.log.append(Sent(request.url.path, sent, time.monotonic(), status))

    def requests(self, path_part: str = "") -> list[Sent]:
        with self._lock:
            return [s for s in self.log if path_part in s.path]


@pytest.fixture(autouse=True)
def headless_vlc() -> Iterator[None]:
    vlc_setup.configure(HEADLESS_VLC_ARGS)
    yield
    vlc_setup.release_shared_instance()


class Harness:
    def __init__(self, sandbox: Any, qtbot: Any, config_dir: Path) -> None:
        self.sandbox = sandbox
        self.qtbot = qtbot
        self.config_dir = config_dir
        self.transport = TimedTransport()
        self._pools: list[WorkerPool] = []
        self._clients: list[FastPixClient] = []
        self._windows: list[MainWindow] = []

    def workspace(self) -> Workspace:
        s = self.sandbox
        return Workspace(token_id=s.token_id, secret_key=s.secret_key,
                         endpoints=Endpoints(s.api_base, s.stream_base, s.image_base),
                         signing_key_id=s.signing_key_id, signing_key=s.signing_key, name="Recovery")

    def window(self, *, retry: RetryPolicy | None = None, load: bool = True) -> MainWindow:
        client = FastPixClient(self.workspace(), transport=self.transport, retry=retry or RetryPolicy())
        pool = WorkerPool(4)
        window = MainWindow(Session(client.workspace, client), pool, UiSettings(self.config_dir))
        self.qtbot.addWidget(window)
        window.show()
        self._pools.append(pool)
        self._clients.append(client)
        self._windows.append(window)
        if load:
            window.refresh()
            self.wait_loaded(window)
        return window

    def wait_loaded(self, window: MainWindow, timeout: int = 20000) -> None:
        self.qtbot.waitUntil(lambda: not window.is_loading(), timeout=timeout)

    def wait_idle(self, window: MainWindow, timeout: int = 20000) -> None:
        self.qtbot.waitUntil(lambda: window.pool.pending_count() == 0 and not window.is_loading(), timeout=timeout)

    def faults(self, spec: str, seed: int = 0) -> None:
        self.sandbox.state.faults.configure(spec, seed)

    def served(self, kind: str) -> int:
        return int(self.sandbox.state.faults.snapshot()["faults"].get(kind, 0))

    def close(self) -> None:
        for window in self._windows:
            window.close()
        for pool in self._pools:
            pool.shutdown(timeout=2.0)
        for client in self._clients:
            client.close()


@pytest.fixture
def harness(sandbox: Any, qtbot: Any, tmp_path: Path) -> Iterator[Harness]:
    h = Harness(sandbox, qtbot, tmp_path / "config")
    yield h
    h.close()
