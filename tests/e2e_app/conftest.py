"""Fixtures for this folder live in fpv_support.app_harness (shared with the downloads and
auto-refresh folders): the sandbox over real HTTP, dummy libVLC outputs, and a transport that
fails any request started on the Qt main thread."""

from fpv_support.app_harness import app, headless_vlc  # noqa: F401  (fixtures are found by name here)
