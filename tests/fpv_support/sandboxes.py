"""Extra in-process sandboxes, for tests that need one besides the session's (a bigger seed, an
older wire format, or one the test may stop)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def running_sandbox(**options: Any) -> Iterator[Any]:
    """A started SandboxServer(**options), stopped afterwards; use it inside a fixture."""
    from fastpix_viewer.sandbox.server import SandboxServer

    server = SandboxServer(**options)
    server.start()
    try:
        yield server
    finally:
        server.stop()
