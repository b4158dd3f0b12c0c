"""Sandbox test fixtures: extra servers (a 10,000-media workspace, wire 2026-05) and
authenticated httpx clients. Everything talks real HTTP over 127.0.0.1."""

from __future__ import annotations

import pytest
from fpv_support.sandboxes import running_sandbox
from sandbox_helpers import api_client


@pytest.fixture(scope="session")
def scale_server():
    """A 10,000-media / 1,000-stream workspace (read-only in tests, so never reset)."""
    with running_sandbox(scale=10_000) as server:
        yield server


@pytest.fixture(scope="session")
def wire_may_server():
    """The seed workspace on the May 2026 wire (as in the recorded responses)."""
    with running_sandbox(wire="2026-05") as server:
        yield server


@pytest.fixture
def wire_may(wire_may_server):
    wire_may_server.reset()
    return wire_may_server


@pytest.fixture
def api(sandbox):
    """An authenticated client for the session sandbox's /v1 API (reset before the test)."""
    with api_client(sandbox) as client:
        yield client
