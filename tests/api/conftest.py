"""Fixtures for the API-layer tests: clients on the sandbox, fault clients on mock transports,
and an in-memory keyring selected the way users select backends (PYTHON_KEYRING_BACKEND)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from fpv_api_helpers import MOCK_WORKSPACE, FakeTime, sandbox_workspace  # noqa: E402
from fpv_support.keyring_fixture import memory_keyring  # noqa: E402, F401  (a fixture, found by name)

from fastpix_viewer.api.client import FastPixClient  # noqa: E402
from fastpix_viewer.api.http import RetryPolicy  # noqa: E402


@pytest.fixture
def client(sandbox) -> Iterator[FastPixClient]:
    with FastPixClient(sandbox_workspace(sandbox)) as c:
        yield c


@pytest.fixture
def signing_client(sandbox) -> Iterator[FastPixClient]:
    with FastPixClient(sandbox_workspace(sandbox, signing=True)) as c:
        yield c


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def mock_client(fake_time) -> Iterator[Callable[..., FastPixClient]]:
    """Builds a client whose network is a handler function (faults only), with fake time."""
    made: list[FastPixClient] = []

    def build(handler: Callable[[httpx.Request], httpx.Response], **kwargs) -> FastPixClient:
        kwargs.setdefault("retry", RetryPolicy())
        c = FastPixClient(
            MOCK_WORKSPACE,
            transport=httpx.MockTransport(handler),
            clock=fake_time.clock,
            sleep=fake_time.sleep,
            wall_clock=fake_time.wall,
            rng=lambda: 1.0,
            **kwargs,
        )
        made.append(c)
        return c

    yield build
    for c in made:
        c.close()
