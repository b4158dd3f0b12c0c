"""The native window libVLC draws into, and the platform choice it depends on."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QWidget

log = logging.getLogger(__name__)

HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc"})

# Hidden holders of surfaces a retired player may still draw into (see outlive_window):
# referenced here, since nothing else holds them once their window is gone.
_HOLDERS: set[QWidget] = set()


def prefer_xcb_on_wayland(environ: dict[str, str] | None = None) -> bool:
    """On a Linux Wayland session, make Qt use XWayland (xcb); True if it did.

    libVLC 3 can only embed into an X11 window (set_xwindow), not a Wayland
    surface. Qt chooses its platform when the QApplication is created, so the
    app's main() must call this first. An explicit QT_QPA_PLATFORM wins.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return False
    wayland = env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland"
    if not wayland:
        return False
    if not env.get("DISPLAY"):
        log.warning("Wayland session without XWayland (no DISPLAY): video cannot be embedded")
        return False
    if environ is None and QApplication.instance() is not None:
        log.warning("prefer_xcb_on_wayland() called after the QApplication exists; ignored")
        return False
    env["QT_QPA_PLATFORM"] = "xcb"
    return True


class VideoSurface(QFrame):
    """A black native child window handed to libVLC by platform.

    Its ancestors become native too (no WA_DontCreateNativeAncestors): that is
    the layout measured to render correctly under X11, and it avoids Qt
    re-parenting the native window when the top level is created. Mouse events
    reach it because the libVLC instance runs with --no-mouse-events.

    Do not call winId() on it yourself: on headless platforms that would create
    the native window this class deliberately avoids there.
    """

    doubleClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoSurface")
        # Headless platforms get no native window: libVLC cannot draw into one
        # there anyway (see attach), and native child windows make offscreen Qt
        # warn whenever a tab or stack page holding the player is raised.
        self.embeddable = QGuiApplication.platformName() not in HEADLESS_PLATFORMS
        if self.embeddable:
            self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(0, 0, 0))
        self.setPalette(palette)
        self.setMinimumSize(160, 90)

    def attach(self, player: Any) -> bool:
        """Tell `player` to render into this widget (main thread); False if it cannot.

        Headless Qt platforms (offscreen, minimal) have no real window to draw
        into: handing libVLC their fake handle makes it fail to open a video
        output over and over, so there the player keeps its own (dummy) output.
        """
        # Qt handles input; libVLC must not grab it from its child window.
        player.video_set_mouse_input(False)
        player.video_set_key_input(False)
        if not self.embeddable:
            return False
        if QGuiApplication.platformName().startswith("wayland"):
            log.warning("Qt runs on Wayland; libVLC 3 cannot embed there (start with "
                        "QT_QPA_PLATFORM=xcb). Video opens in its own window.")
            return False
        handle = int(self.winId())
        if sys.platform.startswith("win"):
            player.set_hwnd(handle)
        elif sys.platform == "darwin":
            player.set_nsobject(handle)  # winId() of a QWidget is its NSView
        else:
            player.set_xwindow(handle)
        return True

    def outlive_window(self, when_released: Callable[[Callable[[], None]], bool]) -> bool:
        """Keep this native window alive after its window closes, while a player stopping in
        the background may still draw into it; False when nothing had to wait.

        `when_released(callback)` registers the call that ends the wait (False: nothing to
        wait for). The surface moves to a hidden holder, deleted at that call: its X window
        keeps its id when reparented (checked under Xvfb), so libVLC's child window stays
        valid, and the closed window can be deleted at once. libVLC drawing into a window
        Qt destroyed is an X error, which Xlib-based outputs answer by ending the process.
        """
        if not self.embeddable or not self.testAttribute(Qt.WidgetAttribute.WA_WState_Created):
            return False  # no native window was ever made: nothing of libVLC's to outlive
        holder = QWidget()
        holder.setObjectName("retiredVideoSurface")
        holder.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)

        def release() -> None:
            _HOLDERS.discard(holder)
            holder.deleteLater()

        if not when_released(release):
            return False
        _HOLDERS.add(holder)
        self.setParent(holder)
        return True

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.doubleClicked.emit()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)
