"""Fixtures for the thumbnail tests: main windows on the sandbox over real HTTP with a private
cache dir and a transport that fails requests on the Qt main thread and remembers the URLs
asked for (fpv_support.cached_windows), and dummy libVLC outputs."""

from __future__ import annotations

from fpv_support.cached_windows import windows_fixture
from fpv_support.headless_vlc import headless_vlc_fixture

headless_vlc = headless_vlc_fixture(autouse=True)
windows = windows_fixture("Thumbs")
