"""Fixtures for the clip, MP4-rendition and playback-ID GUI tests: the e2e_app harness (the
sandbox over real HTTP, a transport that fails requests on the Qt main thread, headless
libVLC), a recording notification backend and sandbox helpers, shared in fpv_support."""

from fpv_support.app_harness import app, headless_vlc  # noqa: F401  (fixtures are found by name here)
from fpv_support.app_sandbox import recorder, sb  # noqa: F401
