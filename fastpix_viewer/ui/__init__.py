"""The PySide6 desktop app: main window, lists, trees and the embedded libVLC player.

Only this package imports PySide6 and python-vlc; `fastpix_viewer.api` and
`fastpix_viewer.sandbox` stay free of Qt so they can be tested and reused headless.
"""

# The Qt-free client (httpx and its dependencies, ~250 modules) loads before PySide6 does:
# once PySide6 is in, it reads the source of every module imported after it (the check
# behind its `__feature__` switch), which cost ~70 ms of the app's start (issue 15).
import fastpix_viewer.api  # noqa: F401  (imported for that side effect)

# Then PySide6 is told that none of the app's own modules use a `__feature__` switch, so it does
# not read their source either (~30 ms more).
from fastpix_viewer.ui.core.pyside_source_scan import spare_own_modules

spare_own_modules()
