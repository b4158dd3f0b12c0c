"""Fixtures for the download tests: the e2e_app harness (sandbox over
real HTTP, a transport that fails requests on the Qt main thread, headless libVLC), loaded
under its own module name so the two conftest modules do not collide."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import httpx
import pytest

_folder = Path(__file__).resolve().parents[1] / "e2e_app"
# The harness moved from e2e_app's conftest into e2e_app_support.py; either works.
_path = next(p for p in (_folder / "e2e_app_support.py", _folder / "conftest.py") if p.exists())
_spec = importlib.util.spec_from_file_location("e2e_app_harness_for_downloads", _path)
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

headless_vlc = harness.headless_vlc
app = harness.app


class RecordingBackend:
    """Stands in for the tray: keeps what would have been shown."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def show(self, title: str, text: str) -> None:
        self.messages.append((title, text))

    def titles(self) -> list[str]:
        return [title for title, _ in self.messages]


@pytest.fixture
def recorder() -> RecordingBackend:
    return RecordingBackend()


def control(sandbox: Any, method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(method, f"{sandbox.control_base}/{path}", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def api_streams(sandbox: Any) -> list[dict]:
    return harness.all_items(sandbox, "live/streams")


def api_media(sandbox: Any) -> list[dict]:
    return harness.all_items(sandbox, "on-demand")


class SandboxHelpers:
    """The control API and the sandbox's own listings, for the tests' expectations."""

    def __init__(self, sandbox: Any) -> None:
        self.sandbox = sandbox

    def control(self, method: str, path: str, body: Any = None) -> Any:
        return control(self.sandbox, method, path, body)

    def streams(self) -> list[dict]:
        return api_streams(self.sandbox)

    def media(self) -> list[dict]:
        return api_media(self.sandbox)

    def faults(self, spec: str) -> None:
        self.control("POST", "faults", {"spec": spec, "seed": 1})


@pytest.fixture
def sb(sandbox: Any) -> SandboxHelpers:
    return SandboxHelpers(sandbox)
