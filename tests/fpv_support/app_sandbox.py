"""Fixtures for the downloads and auto-refresh/notification tests, on top of
fpv_support.app_harness: a stand-in for the tray that keeps what would have been shown, and the
sandbox's control API and own listings for the tests' expectations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from fpv_support.app_harness import all_items


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
    return all_items(sandbox, "live/streams")


def api_media(sandbox: Any) -> list[dict]:
    return all_items(sandbox, "on-demand")


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
