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

from fastpix_viewer.api.client import FastPixClient  # noqa: E402
from fastpix_viewer.api.config import Endpoints, Workspace  # noqa: E402
from fastpix_viewer.api.http import RetryPolicy  # noqa: E402

FAKE_SECRET = "fake-SECRET-value-7f3a9c"  # a known value to hunt for in logs and errors
FIXTURES = HERE.parent / "fixtures" / "observed"


def sandbox_workspace(sandbox, *, secret_key: str | None = None, signing: bool = False) -> Workspace:
    return Workspace(
        token_id=sandbox.token_id,
        secret_key=secret_key or sandbox.secret_key,
        endpoints=Endpoints(sandbox.api_base, sandbox.stream_base, sandbox.image_base),
        signing_key_id=sandbox.signing_key_id if signing else None,
        signing_key=sandbox.signing_key if signing else None,
        name="sandbox",
    )


@pytest.fixture
def client(sandbox) -> Iterator[FastPixClient]:
    with FastPixClient(sandbox_workspace(sandbox)) as c:
        yield c


@pytest.fixture
def signing_client(sandbox) -> Iterator[FastPixClient]:
    with FastPixClient(sandbox_workspace(sandbox, signing=True)) as c:
        yield c


class FakeTime:
    """A monotonic clock that only moves when the code under test sleeps (or a test advances it)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def wall(self) -> float:
        return 1_800_000_000.0 + self.now


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


MOCK_WORKSPACE = Workspace(
    token_id="mock-token-id",
    secret_key=FAKE_SECRET,
    endpoints=Endpoints("https://api.example.test/v1", "https://stream.example.test", "https://img.example.test"),
    name="mock",
)


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


@pytest.fixture
def memory_keyring(monkeypatch) -> Iterator[dict]:
    import fpv_memory_keyring
    import keyring.core

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "fpv_memory_keyring.MemoryKeyring")
    keyring.core.init_backend()
    fpv_memory_keyring.STORE.clear()
    yield fpv_memory_keyring.STORE
    fpv_memory_keyring.STORE.clear()
    monkeypatch.undo()
    keyring.core.init_backend()
