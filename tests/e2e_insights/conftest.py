"""Fixtures for issue 18's window features (Insights tab, chapters in the player, search,
Audience, generated subtitles): the e2e_app harness (the sandbox over real HTTP, a transport
that fails requests started on the Qt main thread, headless libVLC)."""

from fpv_support.app_harness import app, headless_vlc  # noqa: F401  (fixtures are found by name here)
