"""Desktop notifications: a new recording, a recording turned Ready, a stream went live.

`Notifications` decides *whether* to tell (the user's setting, persisted in UiSettings) and
*what* to say (plain, one-line text built from titles; never tokens or keys). A backend says
it: the system tray balloon when the desktop has a tray, otherwise the status bar. Tests
inject a recording backend (`notifications.backend = ...`).
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from fastpix_viewer.ui.core.settings import UiSettings

log = logging.getLogger(__name__)

SETTING_KEY = "notifications/enabled"
MESSAGE_MS = 8000
MAX_TEXT = 200

NEW_RECORDING = "new-recording"
RECORDING_READY = "recording-ready"
STREAM_LIVE = "stream-live"


class NotifierBackend(Protocol):
    def show(self, title: str, text: str) -> None: ...


def _one_line(text: str, limit: int = MAX_TEXT) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class StatusBarBackend:
    """Where there is no system tray: the window's status bar."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window

    def show(self, title: str, text: str) -> None:
        self._window.statusBar().showMessage(f"{title}: {text}", MESSAGE_MS)


class TrayBackend:
    """A tray icon that exists only to carry the balloon messages."""

    def __init__(self, icon: QIcon, parent: QObject) -> None:
        self._tray = QSystemTrayIcon(icon, parent)
        self._tray.setObjectName("notificationTray")
        self._tray.setToolTip(QApplication.applicationDisplayName() or "FastPix")
        self._tray.show()

    def show(self, title: str, text: str) -> None:
        self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)

    def hide(self) -> None:
        self._tray.hide()


def default_backend(window: QMainWindow) -> NotifierBackend:
    if QSystemTrayIcon.isSystemTrayAvailable():
        icon = window.windowIcon()
        if icon.isNull():
            icon = QApplication.windowIcon()
        if not icon.isNull():
            return TrayBackend(icon, window)
    return StatusBarBackend(window)


class Notifications(QObject):
    """The setting, the action that toggles it, and the messages."""

    notified = Signal(str, str, str)  # kind, title, text (also for tests and logs)

    def __init__(self, window: QMainWindow, settings: UiSettings, backend: NotifierBackend | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._backend = backend
        self.action = QAction("Desktop &notifications", window)
        self.action.setObjectName("desktopNotificationsAction")
        self.action.setCheckable(True)
        self.action.setChecked(settings.int_value(SETTING_KEY, 1) != 0)
        self.action.setToolTip("Tell me when a stream goes live or a recording appears or is ready")
        self.action.toggled.connect(self._on_toggled)

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    @property
    def backend(self) -> NotifierBackend:
        # Created lazily: a tray icon only once there is something to say.
        if self._backend is None:
            self._backend = default_backend(self._window)
        return self._backend

    @backend.setter
    def backend(self, backend: NotifierBackend) -> None:
        self._backend = backend

    def _on_toggled(self, on: bool) -> None:
        self._settings.set_int(SETTING_KEY, 1 if on else 0)
        self._settings.sync()

    def notify(self, kind: str, title: str, text: str) -> bool:
        """Say it unless the user turned notifications off; True when said."""
        if not self.enabled:
            return False
        title, text = _one_line(title, 80), _one_line(text)
        try:
            self.backend.show(title, text)
        except Exception:  # a broken tray must never break refreshing
            log.exception("could not show a desktop notification")
            return False
        self.notified.emit(kind, title, text)
        return True

    def stream_live(self, name: str) -> bool:
        return self.notify(STREAM_LIVE, "Stream is live", f"“{name}” is live now.")

    def new_recording(self, stream_name: str, count: int = 1) -> bool:
        what = "A new recording" if count == 1 else f"{count} new recordings"
        return self.notify(NEW_RECORDING, "New recording", f"{what} of “{stream_name}”.")

    def recording_ready(self, title: str) -> bool:
        return self.notify(RECORDING_READY, "Recording ready", f"“{title}” is ready to play.")

    def close(self) -> None:
        if isinstance(self._backend, TrayBackend):
            self._backend.hide()


__all__ = ["NEW_RECORDING", "RECORDING_READY", "STREAM_LIVE", "Notifications", "NotifierBackend",
           "StatusBarBackend", "TrayBackend"]
