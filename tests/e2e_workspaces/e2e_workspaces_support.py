"""Workspaces end to end: the app controller over the real sandbox, an in-memory (or no)
keyring, dummy libVLC outputs, and a transport that fails any request on the Qt main thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fpv_support.guard_transport import MainThreadGuardTransport
from fpv_support.headless_vlc import headless_vlc_fixture
from fpv_support.keyring_fixture import memory_keyring, select_keyring_backend  # noqa: F401  (a fixture)

from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.api.profiles import Profile, ProfileStore
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.main_window import MainWindow
from fastpix_viewer.ui.workspaces import WorkspaceController

TEST_RETRY = RetryPolicy(attempts=2, backoff_base=0.05, backoff_cap=0.1)


headless_vlc = headless_vlc_fixture(autouse=True)


@pytest.fixture(autouse=True)
def no_fastpix_env(monkeypatch) -> None:
    for name in ("FASTPIX_TOKEN_ID", "FASTPIX_SECRET_KEY", "FASTPIX_SIGNING_KEY_ID", "FASTPIX_SIGNING_KEY",
                 "FASTPIX_VIEWER_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def no_keyring(monkeypatch) -> Iterator[None]:
    import keyring.core

    select_keyring_backend(monkeypatch, "keyring.backends.fail.Keyring")
    yield
    monkeypatch.undo()
    keyring.core.init_backend()


def sandbox_profile(sandbox: Any, name: str, *, signing: bool = False) -> Profile:
    return Profile(name, sandbox.token_id, sandbox.api_base, sandbox.stream_base, sandbox.image_base,
                   sandbox.signing_key_id if signing else None)


class Harness:
    """A WorkspaceController as app.py builds it, with test transports; tears everything down."""

    def __init__(self, qtbot: Any, config_dir: Path) -> None:
        self.qtbot = qtbot
        self.config_dir = config_dir
        self.pool = WorkerPool(4)
        self.store = ProfileStore(config_dir)
        self.windows: list[MainWindow] = []

        def make_window(session: Any, notice: str | None) -> MainWindow:
            window = MainWindow(session, self.pool, UiSettings(config_dir), notice=notice)
            self.windows.append(window)  # closed by close(); the controller deletes replaced ones
            return window

        from fastpix_viewer.ui.app.launch import window_extras
        from fastpix_viewer.ui.core.paths import app_paths

        self.controller = WorkspaceController(
            self.pool, self.store, make_window,
            client_options=lambda: {"transport": MainThreadGuardTransport(), "retry": TEST_RETRY},
            window_hooks=window_extras(app_paths(config_dir)),
        )

    @property
    def window(self) -> MainWindow:
        return self.controller.window

    def wait_open(self, predicate, timeout: int = 20000) -> MainWindow:
        """Wait until `predicate(controller)` holds and the current window has loaded its lists."""
        self.qtbot.waitUntil(lambda: predicate(self.controller), timeout=timeout)
        window = self.controller.window
        self.qtbot.waitUntil(lambda: not window.is_loading() and window.streams_model.rowCount() > 0,
                             timeout=timeout)
        return window

    def close(self) -> None:
        import shiboken6

        self.controller.shutdown()
        for window in self.windows:
            if shiboken6.isValid(window):
                window.close()
        self.pool.shutdown(timeout=3.0)


@pytest.fixture
def harness(qtbot: Any, tmp_path: Path) -> Iterator[Harness]:
    made = Harness(qtbot, tmp_path / "config")
    yield made
    made.close()


def fill_form(form: Any, sandbox: Any, *, name: str, secret: str | None = None, signing: bool = False) -> None:
    form.name_edit.setText(name)
    form.token_edit.setText(sandbox.token_id)
    form.secret_edit.setText(secret if secret is not None else sandbox.secret_key)
    if signing:
        form.signing_id_edit.setText(sandbox.signing_key_id)
        form.signing_key_edit.setPlainText(sandbox.signing_key)
    form.advanced.setChecked(True)
    form.api_edit.setText(sandbox.api_base)
    form.stream_edit.setText(sandbox.stream_base)
    form.image_edit.setText(sandbox.image_base)
