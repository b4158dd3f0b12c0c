"""Checks and settings that must happen before the QApplication exists.

Without a display, Qt's xcb plugin aborts the process (SIGABRT, a core dump and a
page of plugin text); a one-line explanation and exit code 2 is kinder. High-DPI
rounding is also fixed at construction time, so it is set here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

NO_DISPLAY_MESSAGE = (
    "no display: run it in a desktop session, or use --smoke-test with QT_QPA_PLATFORM=offscreen"
)
NO_DISPLAY_EXIT_CODE = 2


def missing_display(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True on Linux/BSD when nothing tells Qt where to draw (no X11, no Wayland, no QPA choice)."""
    env = os.environ if environ is None else environ
    system = sys.platform if platform is None else platform
    if system.startswith(("win", "darwin", "cygwin")):
        return False  # these platforms always have their native windowing system
    if env.get("QT_QPA_PLATFORM"):
        return False  # an explicit choice (offscreen, vnc, eglfs...) is the user's call
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def use_fractional_scaling() -> None:
    """Keep fractional scale factors (125 %, 150 %) as they are instead of rounding them.

    Rounding 1.5 to 2 makes everything too large; PassThrough with vector/multi-size
    icons stays crisp. Must run before the QApplication is created."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
