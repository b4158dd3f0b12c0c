"""Fixtures for the offline-cache tests: main windows on the sandbox over real HTTP with a private
cache dir and a transport that fails requests on the Qt main thread and remembers the URLs
asked for (fpv_support.cached_windows), dummy libVLC outputs, and a sandbox of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fpv_support.cached_windows import windows_fixture
from fpv_support.headless_vlc import headless_vlc_fixture
from fpv_support.sandboxes import running_sandbox

headless_vlc = headless_vlc_fixture(autouse=True)
windows = windows_fixture("Offline")


@pytest.fixture
def own_sandbox() -> Iterator[Any]:
    """A sandbox of this test's own, so stopping it leaves the session one alone."""
    with running_sandbox() as server:
        yield server
