"""A private Xvfb display and reading real pixels back from it.

Shared by the pixel tests (tests/ui/test_player_xvfb.py, tests/e2e_app/test_app_xvfb.py)
and scripts/screenshots.py. libVLC draws into the X window directly, so only the X
server knows those pixels: `QWidget.grab()` renders Qt's own painting and sees black
where the video is. The Qt helpers here ask the X server instead (`QScreen.grabWindow`).

The process side (`start_xvfb`, `xcb_env`) imports nothing from Qt, so a test can start
the display and run the Qt part in a child interpreter on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


class XvfbUnavailable(RuntimeError):
    """Xvfb is not installed or would not start."""


@dataclass
class Xvfb:
    process: subprocess.Popen
    display: str  # ":N"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_xvfb(screen: str = "1024x768x24") -> Xvfb:
    """Xvfb on a free display: `-displayfd` makes the server pick one and report it once it
    accepts clients, so there is no guessing of display numbers and no race."""
    if shutil.which("Xvfb") is None:
        raise XvfbUnavailable("Xvfb is not installed (apt install xvfb)")
    read_fd, write_fd = os.pipe()
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()  # EOF (empty) if the server died instead
    if not number:
        process.kill()
        process.wait(timeout=5)
        raise XvfbUnavailable("Xvfb did not start")
    return Xvfb(process, f":{number}")


@contextmanager
def running_xvfb(screen: str = "1024x768x24") -> Iterator[Xvfb]:
    server = start_xvfb(screen)
    try:
        yield server
    finally:
        server.stop()


def xcb_env(display: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for a Qt + libVLC process on `display` with the real X video output."""
    env = dict(os.environ if base is None else base)
    env["DISPLAY"] = display
    env["QT_QPA_PLATFORM"] = "xcb"
    env["FASTPIX_VIEWER_VLC_ARGS"] = ""  # no inherited --vout=dummy
    env.pop("WAYLAND_DISPLAY", None)
    return env


# ---------------------------------------------------------------- Qt side (import lazily)


def wait_until(predicate: Callable[[], Any], timeout_s: float, step_ms: int = 50) -> bool:
    """Run the Qt event loop until `predicate()` is true; False after `timeout_s`."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        loop = QEventLoop()
        QTimer.singleShot(step_ms, loop.quit)
        loop.exec()


def grab_from_x(widget: Any) -> Any:
    """What the X server shows inside `widget` now (a QImage), video pixels included.

    Grabs the root window cropped to the widget's on-screen rectangle, so child windows
    libVLC created inside it are captured as they are displayed.
    """
    from PySide6.QtGui import QGuiApplication

    top_left = widget.mapToGlobal(widget.rect().topLeft())
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio()
    shot = screen.grabWindow(0, top_left.x(), top_left.y(), widget.width(), widget.height())
    image = shot.toImage()
    if ratio != 1:
        image.setDevicePixelRatio(1)
    return image


@dataclass(frozen=True)
class ColourStats:
    distinct: int  # colours after quantising each channel to 8 levels
    bright_fraction: float  # samples that are clearly not black
    samples: int


def colour_stats(image: Any, columns: int = 40, rows: int = 30) -> ColourStats:
    """Sample a grid over `image` (a QImage): how colourful and how far from black it is."""
    colours: set[tuple[int, int, int]] = set()
    bright = samples = 0
    width, height = image.width(), image.height()
    for y in range(4, max(5, height - 4), max(1, height // rows)):
        for x in range(4, max(5, width - 4), max(1, width // columns)):
            c = image.pixelColor(x, y)
            colours.add((c.red() // 32, c.green() // 32, c.blue() // 32))
            bright += (c.red() + c.green() + c.blue()) > 60
            samples += 1
    return ColourStats(len(colours), bright / max(1, samples), samples)


# The start of a child interpreter that shows the player under Xvfb: Qt's warnings collected
# in `warnings` (the tests fail on any), a QApplication, libVLC configured with the real X
# output and no sound card; `PlayerPanel`, `QEventLoop`, `QTimer`, `json`, `sys`, `time` in scope.
PLAYER_CHILD_PRELUDE = textwrap.dedent(
    r"""
    import json, sys, time
    from PySide6.QtCore import QtMsgType, QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    warnings = []
    def on_qt_message(mode, context, message):
        if mode != QtMsgType.QtDebugMsg and mode != QtMsgType.QtInfoMsg:
            warnings.append(message)
    qInstallMessageHandler(on_qt_message)

    app = QApplication([])
    from fastpix_viewer.ui.playback import vlc_setup
    from fastpix_viewer.ui.playback import PlayerPanel

    vlc_setup.configure("--aout=dummy")  # default X output: xcb_x11 (--no-xlib)
    """
)
