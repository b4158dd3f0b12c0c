"""Fixtures for the offline-cache tests: main windows on the sandbox over real HTTP with a
private cache dir, dummy libVLC outputs, and a transport that fails any request made on
the Qt main thread and remembers the URLs asked for (in memory only)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fastpix_viewer.api import Endpoints, FastPixClient, Workspace
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.ui import vlc_setup
from fastpix_viewer.ui.main_window import MainWindow
from fastpix_viewer.ui.session import Session
from fastpix_viewer.ui.settings import UiSettings
from fastpix_viewer.ui.worker import WorkerPool, assert_not_main_thread

TEST_RETRY = RetryPolicy(attempts=1)


class GuardedTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert_not_main_thread()
        with self._lock:
            self.urls.append(str(request.url))
        return super().handle_request(request)

    def image_urls(self) -> list[str]:
        with self._lock:
            return [u for u in self.urls if "/image/" in u]


@pytest.fixture(autouse=True)
def headless_vlc() -> Iterator[None]:
    vlc_setup.configure("--vout=dummy --aout=dummy")
    yield
    vlc_setup.release_shared_instance()


class Windows:
    def __init__(self, qtbot: Any, root: Path) -> None:
        self.qtbot = qtbot
        self.config_dir = root / "config"
        self.cache_dir = root / "config" / "cache"
        self._made: list[tuple[MainWindow, WorkerPool, FastPixClient]] = []

    def open(self, sandbox: Any, *, load: bool = True) -> tuple[MainWindow, GuardedTransport]:
        transport = GuardedTransport()
        workspace = Workspace(token_id=sandbox.token_id, secret_key=sandbox.secret_key,
                              endpoints=Endpoints(sandbox.api_base, sandbox.stream_base, sandbox.image_base),
                              signing_key_id=sandbox.signing_key_id, signing_key=sandbox.signing_key,
                              name="Offline")
        client = FastPixClient(workspace, transport=transport, retry=TEST_RETRY, page_size=50)
        pool = WorkerPool(4)
        window = MainWindow(Session(workspace, client), pool, UiSettings(self.config_dir),
                            cache_dir=self.cache_dir)
        self.qtbot.addWidget(window)
        window.show()
        self._made.append((window, pool, client))
        if load:
            window.refresh()
            self.qtbot.waitUntil(lambda: not window.is_loading(), timeout=20000)
        return window, transport

    def close_all(self) -> None:
        for window, pool, client in self._made:
            window.close()
            pool.shutdown(timeout=2.0)
            client.close()
        self._made.clear()


@pytest.fixture
def windows(qtbot: Any, tmp_path: Path) -> Iterator[Windows]:
    made = Windows(qtbot, tmp_path)
    yield made
    made.close_all()


@pytest.fixture
def own_sandbox() -> Iterator[Any]:
    """A sandbox of this test's own, so stopping it leaves the session one alone."""
    from fastpix_viewer.sandbox.server import SandboxServer

    server = SandboxServer()
    server.start()
    yield server
    server.stop()
