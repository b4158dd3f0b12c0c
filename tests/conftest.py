"""Suite-wide test setup: headless Qt, a private runtime dir, hypothesis profiles,
and the FastPix sandbox that end-to-end tests talk to over real HTTP."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# Shared test support lives in the tests/fpv_support package. pytest (prepend import mode, no
# tests/__init__.py) puts each test folder on sys.path, but tests/ itself only incidentally;
# put it there explicitly, once, so `import fpv_support` works from every folder (and so
# PYTHON_KEYRING_BACKEND=fpv_support.memory_keyring.MemoryKeyring resolves in-process).
_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)

# Qt must pick its platform before any QApplication exists; tests that need
# pixels start their own Xvfb and opt in to xcb explicitly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# libVLC's dummy vout still probes Wayland, which complains without a private
# XDG_RUNTIME_DIR (shared notes, vlc-qt-packaging §5).
_runtime = tempfile.mkdtemp(prefix="fpv-xdg-runtime-")
os.chmod(_runtime, 0o700)
os.environ["XDG_RUNTIME_DIR"] = _runtime

import pytest  # noqa: E402

# Sandbox-mode fixtures (shared notes §10), available to every test by name.
from fpv_support.sandbox_modes import (  # noqa: E402, F401
    ai_refusal,
    live_clips_mode,
    patch_mode,
    recording_clip_mode,
    recording_mode,
    token_exp_mode,
)
from hypothesis import HealthCheck, settings  # noqa: E402

# CI: no deadline (a 2-core machine under load is slow), derandomised so a red
# run is reproducible, bounded so the suite stays fast.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=300)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def sandbox_server():
    """One in-process sandbox for the whole session (seed workspace, wire 2026-09)."""
    from fastpix_viewer.sandbox.server import SandboxServer

    server = SandboxServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server):
    """The session sandbox, reset to its seed state before each test so no test
    depends on another's changes."""
    sandbox_server.reset()
    return sandbox_server
