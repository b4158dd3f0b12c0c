"""End-to-end fixtures for the main window (e2e_app, e2e_downloads, e2e_refresh): the sandbox
over real HTTP, real libVLC with dummy outputs, and an httpx transport that fails any request
started on the Qt main thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fastpix_viewer.api import FastPixClient
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.main_window import MainWindow
from fpv_support.guard_transport import MainThreadGuardTransport as OffMainThreadTransport
from fpv_support.headless_vlc import HEADLESS_VLC_ARGS, headless_vlc_fixture  # noqa: F401  (re-exported for tests)
from fpv_support.sandbox_workspace import sandbox_workspace

# Short back-off so a fault burst fails (and a retry recovers) in test time.
TEST_RETRY = RetryPolicy(attempts=2, backoff_base=0.05, backoff_cap=0.1)


headless_vlc = headless_vlc_fixture(autouse=True)


class AppHarness:
    """Builds main windows on the sandbox and tears every one down cleanly."""

    def __init__(self, sandbox: Any, qtbot: Any, config_dir: Path) -> None:
        self.sandbox = sandbox
        self.qtbot = qtbot
        self.config_dir = config_dir
        self.pools: list[WorkerPool] = []
        self.clients: list[FastPixClient] = []
        self.windows: list[MainWindow] = []
        self.transports: list[OffMainThreadTransport] = []

    def window(self, *, secret_key: str | None = None, page_size: int = 50, load: bool = True,
               config_dir: Path | None = None) -> MainWindow:
        transport = OffMainThreadTransport()
        client = FastPixClient(sandbox_workspace(self.sandbox, name="Test workspace", secret_key=secret_key), transport=transport,
                               retry=TEST_RETRY, page_size=page_size)
        pool = WorkerPool(4)
        window = MainWindow(Session(client.workspace, client), pool, UiSettings(config_dir or self.config_dir))
        self.qtbot.addWidget(window)
        window.show()
        self.transports.append(transport)
        self.pools.append(pool)
        self.clients.append(client)
        self.windows.append(window)
        if load:
            window.refresh()
            self.wait_loaded(window)
        return window

    def wait_loaded(self, window: MainWindow, timeout: int = 15000) -> None:
        self.qtbot.waitUntil(lambda: not window.is_loading(), timeout=timeout)

    def wait_idle(self, window: MainWindow, timeout: int = 15000) -> None:
        self.qtbot.waitUntil(lambda: window.pool.pending_count() == 0 and not window.is_loading(),
                             timeout=timeout)

    def close(self) -> None:
        for window in self.windows:
            window.close()
        for pool in self.pools:
            pool.shutdown(timeout=2.0)
        for client in self.clients:
            client.close()


@pytest.fixture
def app(sandbox: Any, qtbot: Any, tmp_path: Path) -> Iterator[AppHarness]:
    harness = AppHarness(sandbox, qtbot, tmp_path / "config")
    yield harness
    harness.close()


def api_get(sandbox: Any, path: str, **params: Any) -> Any:
    """The sandbox's own JSON for `path` (the truth the window must show)."""
    response = httpx.get(f"{sandbox.api_base}/{path}", params=params,
                         auth=(sandbox.token_id, sandbox.secret_key), timeout=10)
    response.raise_for_status()
    return response.json()


def all_items(sandbox: Any, path: str) -> list[dict]:
    items: list[dict] = []
    page = 1
    while True:
        body = api_get(sandbox, path, limit=50, offset=page, orderBy="desc")
        items.extend(body["data"])
        pages = (body.get("pagination") or {}).get("offsetCount") or 1
        if page >= pages:
            return items
        page += 1


def set_faults(sandbox: Any, spec: str) -> None:
    sandbox.state.faults.configure(spec, 0)


Waiter = Callable[..., None]
