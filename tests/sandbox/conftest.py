"""Sandbox test fixtures: extra servers (a 10,000-media workspace, wire 2026-05) and
authenticated httpx clients. Everything talks real HTTP over 127.0.0.1."""

from __future__ import annotations

import httpx
import pytest


@pytest.fixture(scope="session")
def scale_server():
    """A 10,000-media / 1,000-stream workspace (read-only in tests, so never reset)."""
    from fastpix_viewer.sandbox.server import SandboxServer

    server = SandboxServer(scale=10_000)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def wire_may_server():
    """The seed workspace on the May 2026 wire (as in the recorded responses)."""
    from fastpix_viewer.sandbox.server import SandboxServer

    server = SandboxServer(wire="2026-05")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def wire_may(wire_may_server):
    wire_may_server.reset()
    return wire_may_server


def api_client(server) -> httpx.Client:
    return httpx.Client(base_url=server.api_base, auth=(server.token_id, server.secret_key), timeout=10)


@pytest.fixture
def api(sandbox):
    """An authenticated client for the session sandbox's /v1 API (reset before the test)."""
    with api_client(sandbox) as client:
        yield client


def all_pages(client: httpx.Client, path: str, limit: int = 50) -> list[dict]:
    items: list[dict] = []
    offset = 1
    while True:
        body = client.get(path, params={"limit": limit, "offset": offset}).raise_for_status().json()
        items.extend(body["data"])
        if offset >= body["pagination"]["offsetCount"]:
            return items
        offset += 1
