"""Uncaught exceptions: log them, and tell the user in a dialog (unless headless).

Both `sys.excepthook` (main thread, including exceptions raised in Qt slots) and
`threading.excepthook` (worker threads) are replaced. A dialog is only ever
created on the main thread: exceptions from other threads are queued there
through a signal. `show_dialog=False` is the `--no-crash-dialog` switch for
headless runs and tests.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from fastpix_viewer.ui.app.logs import redact

log = logging.getLogger("fastpix_viewer.crash")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class CrashHandler(QObject):
    """Installed exception hooks; keep a reference for as long as the app runs."""

    _crashed = Signal(str, str)  # summary, details (already redacted)

    def __init__(self, *, show_dialog: bool = True) -> None:
        super().__init__()
        self.show_dialog = show_dialog
        self.crash_count = 0
        self._dialog: QMessageBox | None = None
        self._prev_sys = None
        self._prev_thread = None
        self._crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashHandler:
        if self._prev_sys is None:
            self._prev_sys, sys.excepthook = sys.excepthook, self._sys_hook
            self._prev_thread, threading.excepthook = threading.excepthook, self._thread_hook
        return self

    def uninstall(self) -> None:
        if self._prev_sys is not None:
            sys.excepthook, threading.excepthook = self._prev_sys, self._prev_thread
            self._prev_sys = self._prev_thread = None

    # -- hooks --------------------------------------------------------------

    def _sys_hook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in a terminal: quit, no dialog
            (self._prev_sys or sys.__excepthook__)(exc_type, exc, tb)
            return
        self._handle((exc_type, exc, tb), "main thread")

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "unknown thread"
        self._handle((args.exc_type, args.exc_value, args.exc_traceback), f"thread {name}")

    def _handle(self, exc_info: ExcInfo, where: str) -> None:
        self.crash_count += 1
        log.critical("Uncaught exception in %s", where, exc_info=exc_info)
        if not self.show_dialog:
            return
        exc_type, exc, tb = exc_info
        summary = redact(f"{exc_type.__name__}: {exc}")
        details = redact("".join(traceback.format_exception(exc_type, exc, tb)))
        self._crashed.emit(summary, details)  # queued: the dialog is built on the main thread

    # -- dialog -------------------------------------------------------------

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        if QApplication.instance() is None:
            return
        dialog = self._dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            return  # one dialog at a time; the rest is in the log
        box = QMessageBox(QMessageBox.Icon.Critical, "FastPix Viewer: unexpected error", "")
        box.setTextFormat(Qt.TextFormat.PlainText)  # exception text may carry API strings
        box.setText(
            "Something went wrong. The app may keep working, but saving your work "
            "and restarting is safest.\n\n" + summary
        )
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("crashDialog")
        self._dialog = box
        box.open()


def install_crash_hooks(*, show_dialog: bool = True) -> CrashHandler:
    """Replace sys.excepthook and threading.excepthook; create after the QApplication."""
    return CrashHandler(show_dialog=show_dialog).install()


# -- native crashes ---------------------------------------------------------
# A segfault inside libVLC or Qt kills the process before any Python hook runs.
# faulthandler writes the Python stacks to a file instead; the next start
# reads it back so the user (and a bug report) learn what happened.

NATIVE_CRASH_LOG = "native-crash.log"
_native_log_file = None


def take_previous_native_crash(log_dir: Path) -> str | None:
    """The stacks a previous run's native crash left behind (redacted), once; else None."""
    path = Path(log_dir) / NATIVE_CRASH_LOG
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if not text.strip():
        return None
    path.replace(path.with_suffix(".previous.log"))  # report it only once
    return redact(text)


def enable_native_crash_log(log_dir: Path) -> Path:
    """Send faulthandler's output for fatal signals to `<log_dir>/native-crash.log`.

    Truncates the file: call `take_previous_native_crash()` before this.
    """
    global _native_log_file
    path = Path(log_dir) / NATIVE_CRASH_LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    if _native_log_file is not None:
        _native_log_file.close()
    # Kept open for the life of the process: faulthandler writes to the fd
    # from a signal handler, where opening a file is not possible.
    _native_log_file = open(path, "w", encoding="utf-8")
    faulthandler.enable(file=_native_log_file, all_threads=True)
    return path
