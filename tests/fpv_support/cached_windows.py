"""Main windows on the sandbox over real HTTP with a private cache dir, each on a transport that
fails requests made on the Qt main thread and remembers the URLs asked for (offline-cache and
thumbnail tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fastpix_viewer.api import FastPixClient
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.main_window import MainWindow
from fpv_support.guard_transport import UrlRecordingTransport
from fpv_support.sandbox_workspace import sandbox_workspace

TEST_RETRY = RetryPolicy(attempts=1)


class Windows:
    def __init__(self, qtbot: Any, root: Path, workspace_name: str) -> None:
        self.qtbot = qtbot
        self.config_dir = root / "config"
        self.cache_dir = root / "config" / "cache"
        self.workspace_name = workspace_name
        self._made: list[tuple[MainWindow, WorkerPool, FastPixClient]] = []

    def open(self, sandbox: Any, *, load: bool = True) -> tuple[MainWindow, UrlRecordingTransport]:
        transport = UrlRecordingTransport()
        workspace = sandbox_workspace(sandbox, name=self.workspace_name)
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


def windows_fixture(workspace_name: str) -> Any:
    """A `windows` fixture whose windows show `workspace_name`; assign it to `windows` in a conftest."""

    @pytest.fixture(name="windows")
    def windows(qtbot: Any, tmp_path: Path) -> Iterator[Windows]:
        made = Windows(qtbot, tmp_path, workspace_name)
        yield made
        made.close_all()

    return windows
