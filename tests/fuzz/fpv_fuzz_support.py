"""Shared pieces for the text-field fuzz tests: hostile text strategies, a guard that fails on
any unhandled exception (Qt slots run through sys.excepthook, worker threads through
threading.excepthook), and a main window on the sandbox whose transport counts requests and
fails any request started on the Qt main thread."""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fpv_support.guard_transport import MainThreadGuardTransport
from fpv_support.headless_vlc import headless_vlc_fixture
from fpv_support.sandbox_workspace import sandbox_workspace
from hypothesis import strategies as st

from fastpix_viewer.api import FastPixClient
from fastpix_viewer.api.http import RetryPolicy
from fastpix_viewer.ui.core.session import Session
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.shell.main_window import MainWindow

QUIET_S = 0.3  # how long the window must stay quiet before a test begins (not a speed figure)

# ------------------------------------------------------------------ strategies

CONTROL = st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"])
HOSTILE_SNIPPETS = ["<b>bold</b>", "<img src=x onerror=alert(1)>", "\u202eevil\u202c", "../../etc/passwd",
                    "%2F..%2F", "?token=x#frag", "NaN", "Infinity", "1e308", "-0", "\x00", "\r\n", "\t",
                    "🎥" * 3, "عرض", "{", "}", "[", '"', "\\u0000"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
webhook_like = st.fixed_dictionaries({
    "type": json_values | st.sampled_from(["video.media.ready", "video.live_stream.active"]),
    "object": json_values | st.fixed_dictionaries({"id": json_values, "type": json_values}),
    "data": json_values | st.dictionaries(
        st.sampled_from(["id", "playbackIds", "streamId", "mediaId", "liveStreamId", "status"]),
        json_values, max_size=5),
})
pasted_json = (json_values | webhook_like).map(json.dumps)  # json.dumps writes NaN/Infinity tokens too
huge_text = st.builds(lambda piece, n: (piece * n)[:300_000], st.text(min_size=1, max_size=8),
                      st.integers(5_000, 60_000))
hostile_text = (
    st.text(max_size=200)
    | st.lists(st.sampled_from(HOSTILE_SNIPPETS) | CONTROL | st.text(max_size=5), max_size=12).map("".join)
    | pasted_json
    | huge_text
)


# ------------------------------------------------------------------ the exception guard

@contextlib.contextmanager
def no_unhandled_exceptions() -> Iterator[list[BaseException]]:
    """Fails on any exception that escapes into sys.excepthook (Qt slots, timers) or
    threading.excepthook (threads) while the block runs; installed inside the test body so
    it sits above pytest-qt's own hook."""
    caught: list[BaseException] = []
    previous = sys.excepthook, threading.excepthook
    sys.excepthook = lambda _t, exc, _tb: caught.append(exc)
    threading.excepthook = lambda args: caught.append(args.exc_value)
    try:
        yield caught
    finally:
        sys.excepthook, threading.excepthook = previous
    assert not caught, f"unhandled exception(s): {caught!r}"


# ------------------------------------------------------------------ a window on the sandbox

class CountingTransport(MainThreadGuardTransport):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str]] = []

    def record(self, request: httpx.Request) -> None:
        self.sent.append((request.method, request.url.path))


headless_vlc = headless_vlc_fixture(autouse=True)


class LoadedWindow:
    def __init__(self, sandbox: Any, qtbot: Any, config_dir: Path) -> None:
        self.transport = CountingTransport()
        self.workspace = sandbox_workspace(sandbox, name="Fuzz")
        self.client = FastPixClient(self.workspace, transport=self.transport,
                                    retry=RetryPolicy(attempts=1))
        self.pool = WorkerPool(4)
        self.window = MainWindow(Session(self.workspace, self.client), self.pool, UiSettings(config_dir))
        qtbot.addWidget(self.window)
        self.window.show()
        self.window.refresh()
        # Quiet means nothing loading, no job and no picture pending, and still so after the
        # paints that follow the last rows (a painted row asks for its thumbnail).
        quiet_since: list[float] = []

        def settled() -> bool:
            quiet = (not self.window.is_loading() and self.pool.pending_count() == 0
                     and self.window.thumbnails.pending() == 0)
            if not quiet:
                quiet_since.clear()
                return False
            if not quiet_since:
                quiet_since.append(time.monotonic())
            return time.monotonic() - quiet_since[0] >= QUIET_S

        qtbot.waitUntil(settled, timeout=15000)

    def close(self) -> None:
        self.window.close()
        self.pool.shutdown(timeout=2.0)
        self.client.close()


@pytest.fixture
def loaded(sandbox: Any, qtbot: Any, tmp_path: Path) -> Iterator[LoadedWindow]:
    harness = LoadedWindow(sandbox, qtbot, tmp_path / "cfg")
    yield harness
    harness.close()
