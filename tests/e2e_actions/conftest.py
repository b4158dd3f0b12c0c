"""Fixtures for the item actions (Open…, copy/share, Ingest, Edit…, Delete…): the sandbox over
real HTTP, dummy libVLC outputs, and a transport that records every request and fails any
request started on the Qt main thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fpv_support.guard_transport import MainThreadGuardTransport
from fpv_support.headless_vlc import headless_vlc_fixture
from fpv_support.sandbox_workspace import sandbox_workspace
from PySide6.QtWidgets import QApplication

from fastpix_viewer.api import FastPixClient
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.main_window import MainWindow

TEST_RETRY = RetryPolicy(attempts=2, backoff_base=0.05, backoff_cap=0.1)


class RecordingTransport(MainThreadGuardTransport):
    """Real HTTP; remembers (method, path) of every request; can answer PATCH with a FastPix 422
    (a fault the sandbox cannot be asked for); fails any request made on the Qt main thread."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str]] = []
        self.reject_patch: dict | None = None

    def record(self, request: httpx.Request) -> None:
        self.seen.append((request.method, request.url.path))

    def forward(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PATCH" and self.reject_patch is not None:
            return httpx.Response(422, json=self.reject_patch, request=request)
        return super().forward(request)

    def count(self, method: str, fragment: str = "") -> int:
        return sum(1 for m, p in self.seen if m == method and fragment in p)


headless_vlc = headless_vlc_fixture(autouse=True)


class Harness:
    def __init__(self, sandbox: Any, qtbot: Any, config_dir: Path) -> None:
        self.sandbox, self.qtbot, self.config_dir = sandbox, qtbot, config_dir
        self.transport = RecordingTransport()
        self.client = FastPixClient(
            sandbox_workspace(sandbox, name="Test workspace"),
            transport=self.transport, retry=TEST_RETRY, page_size=50)
        self.pool = WorkerPool(4)
        self.window: MainWindow | None = None

    def open_window(self, *, load: bool = True) -> MainWindow:
        window = MainWindow(Session(self.client.workspace, self.client), self.pool, UiSettings(self.config_dir))
        self.qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        # Shortcuts go to the active window (the offscreen platform activates it a moment later).
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        self.window = window
        if load:
            window.refresh()
            self.qtbot.waitUntil(lambda: not window.is_loading(), timeout=15000)
        return window

    def wait_idle(self, timeout: int = 15000) -> None:
        self.qtbot.waitUntil(lambda: self.pool.pending_count() == 0, timeout=timeout)

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
        self.pool.shutdown(timeout=2.0)
        self.client.close()


@pytest.fixture
def harness(sandbox: Any, qtbot: Any, tmp_path: Path) -> Iterator[Harness]:
    h = Harness(sandbox, qtbot, tmp_path / "config")
    yield h
    h.close()
