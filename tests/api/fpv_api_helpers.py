"""Shared helpers for the API and CLI tests (a uniquely named module, importable from both)."""

from __future__ import annotations

from pathlib import Path

from fpv_support.sandbox_workspace import sandbox_workspace as shared_sandbox_workspace

from fastpix_viewer.api.config import Endpoints, Workspace

HERE = Path(__file__).resolve().parent
FAKE_SECRET = "fake-SECRET-value-7f3a9c"  # a known value to hunt for in logs and errors
FIXTURES = HERE.parent / "fixtures" / "observed"


def sandbox_workspace(sandbox, *, secret_key: str | None = None, signing: bool = False) -> Workspace:
    return shared_sandbox_workspace(sandbox, name="sandbox", signing=signing, secret_key=secret_key)


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


MOCK_WORKSPACE = Workspace(
    token_id="mock-token-id",
    secret_key=FAKE_SECRET,
    endpoints=Endpoints("https://api.example.test/v1", "https://stream.example.test", "https://img.example.test"),
    name="mock",
)
