"""Crash hooks: uncaught exceptions (main thread and worker threads) reach the log,
and the dialog shows them as plain, redacted text, built on the main thread."""

from __future__ import annotations

import sys
import threading

from fpv_support.log_capture import read_log as read
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from fastpix_viewer.ui.app import logs
from fastpix_viewer.ui.app.crash import install_crash_hooks


def crash_dialogs() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "crashDialog" and w.isVisible()]


def test_thread_exception_reaches_the_log_without_dialog(qtbot, log_setup):
    hooks = install_crash_hooks(show_dialog=False)
    try:
        def boom():
            raise RuntimeError("worker exploded 7")

        thread = threading.Thread(target=boom, name="fetch-7")
        thread.start()
        thread.join()
    finally:
        hooks.uninstall()
    text = read(log_setup)
    assert "Uncaught exception in thread fetch-7" in text
    assert "RuntimeError: worker exploded 7" in text
    assert hooks.crash_count == 1
    qtbot.wait(50)
    assert crash_dialogs() == []


def test_main_thread_exception_logged_and_hooks_restored(qtbot, log_setup):
    previous = sys.excepthook, threading.excepthook
    hooks = install_crash_hooks(show_dialog=False)
    assert sys.excepthook is not previous[0]
    try:
        raise KeyError("main-thread-key")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    finally:
        hooks.uninstall()
    assert (sys.excepthook, threading.excepthook) == previous
    assert "KeyError: 'main-thread-key'" in read(log_setup)


def test_dialog_shows_plain_redacted_text_on_main_thread(qtbot, log_setup):
    secret = "sk_live_crash_dialog_secret_1234"
    logs.register_secret(secret)
    hooks = install_crash_hooks(show_dialog=True)
    try:
        def boom():
            raise ValueError(f"<b>title</b> failed with {secret}")

        thread = threading.Thread(target=boom)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(crash_dialogs()) == 1, timeout=3000)
        box = crash_dialogs()[0]
        assert box.thread() is QApplication.instance().thread()
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert "ValueError: <b>title</b> failed with ***" in box.text()
        assert secret not in box.text() and secret not in box.detailedText()
        # A second crash while the dialog is open does not stack dialogs.
        try:
            raise OSError("second")
        except OSError:
            sys.excepthook(*sys.exc_info())
        qtbot.wait(50)
        assert len(crash_dialogs()) == 1
        box.close()
    finally:
        hooks.uninstall()
    assert "OSError: second" in read(log_setup)


def test_native_crash_is_reported_on_next_start(tmp_path):
    """A segfault (as libVLC could cause) leaves stacks that the next start picks up once."""
    import subprocess
    import textwrap

    from fastpix_viewer.ui.app.crash import take_previous_native_crash

    code = textwrap.dedent(f"""
        import faulthandler
        from fastpix_viewer.ui.app.crash import enable_native_crash_log
        enable_native_crash_log({str(tmp_path)!r})
        faulthandler._sigsegv()
    """)
    crashed = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert crashed.returncode != 0
    report = take_previous_native_crash(tmp_path)
    assert report is not None and "Segmentation fault" in report
    assert take_previous_native_crash(tmp_path) is None  # shown once, not on every start
    assert (tmp_path / "native-crash.previous.log").exists()
