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


WINDOW_MANAGERS = ("openbox", "fluxbox")
TESTS_DIR = os.path.dirname(os.path.abspath(__file__))


def start_window_manager(display: str) -> subprocess.Popen | None:
    """openbox (or fluxbox) on `display` when one is installed and stays up; else None. Focus,
    full screen and popups behave differently with a window manager."""
    found = next((shutil.which(name) for name in WINDOW_MANAGERS if shutil.which(name)), None)
    if found is None:
        return None
    manager = subprocess.Popen([found], env=xcb_env(display), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and manager.poll() is None:
        time.sleep(0.05)  # running, or failed at once
    return manager if manager.poll() is None else None


def run_on_x(args: list[str], cwd: str, timeout: float, screen: str = "1280x800x24") -> subprocess.CompletedProcess:
    """Run `args` (a child interpreter's command) on a fresh Xvfb with a window manager when one
    is installed, `tests/` on its PYTHONPATH; both servers stop after. XvfbUnavailable without
    Xvfb."""
    xvfb = start_xvfb(screen)
    manager = None
    try:
        env = xcb_env(xvfb.display)
        manager = start_window_manager(xvfb.display)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (TESTS_DIR, env.get("PYTHONPATH", "")) if p)
        return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    finally:
        if manager is not None:
            manager.terminate()
            manager.wait(timeout=10)
        xvfb.stop()


# ---------------------------------------------------------------- Qt side (import lazily)


@dataclass
class DemoWindow:
    """What `demo_window` yields: the application, the loaded window, Qt's warnings so far."""

    app: Any
    window: Any
    warnings: list[str]
    loaded: bool = False
    player_shut_down: bool = False  # set once the window closed: libVLC stopped and released


@contextmanager
def demo_window(config_dir: Any, size: tuple[int, int]) -> Iterator[DemoWindow]:
    """In a child interpreter on X: collect Qt's warnings, make the QApplication, open the demo
    workspace's main window at `size` (libVLC with the real X output, no sound) and load its
    lists; on exit close it (the player stops) and shut everything down. Warnings raised by
    the shutdown are in `warnings` too."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    warnings: list[str] = []

    def on_qt_message(mode: Any, _context: Any, message: str) -> None:
        if mode not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            warnings.append(message)

    qInstallMessageHandler(on_qt_message)
    app = QApplication(["fastpix-viewer"])
    from fastpix_viewer.ui.core.session import open_demo_session
    from fastpix_viewer.ui.core.settings import UiSettings
    from fastpix_viewer.ui.core.worker import WorkerPool
    from fastpix_viewer.ui.playback import vlc_setup
    from fastpix_viewer.ui.shell.main_window import MainWindow

    vlc_setup.configure("--aout=dummy")  # the default X video output (xcb_x11)
    session = open_demo_session()
    pool = WorkerPool(4)
    window = MainWindow(session, pool, UiSettings(config_dir))
    shown = DemoWindow(app, window, warnings)
    try:
        window.resize(*size)
        window.show()
        window.refresh()
        shown.loaded = wait_until(lambda: not window.is_loading() and window.media_model.rowCount() > 0, 20)
        yield shown
    finally:
        window.close()  # closeEvent: saves state, stops and releases libVLC
        shown.player_shut_down = window.player is not None and window.player.is_shut_down
        pool.shutdown(timeout=2.0)
        session.close()
        vlc_setup.release_shared_instance()


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


# The start of a child interpreter (`python -c`) that shows widgets under Xvfb: Qt's warnings
# collected in `warnings` (the tests fail on any) and a QApplication; `QApplication`,
# `QEventLoop`, `QTimer`, `json`, `sys`, `time` and `wait_until` in scope.
QT_CHILD_PRELUDE = textwrap.dedent(
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

    # Run the event loop until predicate() holds (True) or timeout_s passed (False).
    def wait_until(predicate, timeout_s):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if predicate():
                return True
            loop = QEventLoop()
            QTimer.singleShot(20, loop.quit)
            loop.exec()
        return False
    """
)

# ... and the player: libVLC configured with the real X output and no sound card;
# `PlayerPanel` in scope too.
PLAYER_CHILD_PRELUDE = QT_CHILD_PRELUDE + textwrap.dedent(
    r"""
    from fastpix_viewer.ui.playback import vlc_setup
    from fastpix_viewer.ui.playback import PlayerPanel

    vlc_setup.configure("--aout=dummy")  # default X output: xcb_x11 (--no-xlib)
    """
)
