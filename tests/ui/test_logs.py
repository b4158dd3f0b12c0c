"""Logging: rotating file + RAM buffer, Qt messages routed and chained, secrets redacted."""

from __future__ import annotations

import logging

import pytest
from fpv_support.log_capture import read_log as read
from PySide6.QtCore import qWarning

from fastpix_viewer.ui.app import logs

SECRET = "sk_test_5f3c9a1e7b2d4c6f8a0b"


def test_file_in_config_dir_and_ram_buffer(log_setup, tmp_path):
    assert log_setup.log_file == tmp_path / "logs" / "fastpix-viewer.log"
    logging.getLogger("fastpix_viewer.test").info("opened workspace %s", "demo")
    assert "opened workspace demo" in read(log_setup)
    assert any("opened workspace demo" in line for line in log_setup.ram.lines())


def test_file_rotates(tmp_path):
    setup = logs.setup_logging(tmp_path, max_bytes=2000, backups=2)
    try:
        for i in range(200):
            logging.getLogger("fastpix_viewer.test").warning("line %03d %s", i, "x" * 40)
        assert (setup.log_dir / "fastpix-viewer.log.1").exists()
        assert not (setup.log_dir / "fastpix-viewer.log.3").exists()
    finally:
        setup.close()


def test_ram_buffer_is_bounded():
    ram = logs.RamHandler(capacity=3)
    logger = logging.getLogger("fastpix_viewer.test.ram")
    logger.addHandler(ram)
    try:
        for i in range(5):
            logger.warning("n%d", i)
    finally:
        logger.removeHandler(ram)
    assert ram.lines() == ["n2", "n3", "n4"]


@pytest.mark.qt_log_ignore("planted Qt warning")
def test_qt_warning_reaches_log_file_and_previous_handler(log_setup, qtlog):
    router = logs.install_qt_message_handler()
    try:
        assert router.previous is not None  # pytest-qt's own handler
        qWarning("planted Qt warning 42")
    finally:
        router.uninstall()
    assert "WARNING" in read(log_setup) and "planted Qt warning 42" in read(log_setup)
    # Chained: pytest-qt saw it too, so tests can still fail on Qt warnings.
    assert [r.message for r in qtlog.records] == ["planted Qt warning 42"]


def test_redaction_of_registered_secret_and_credential_shapes(log_setup):
    logs.register_secret(SECRET)
    log = logging.getLogger("fastpix_viewer.api.test")
    log.warning("request failed with key %s", SECRET)
    log.warning("headers: Authorization: Basic dXNlcjpwYXNzd29yZA==")
    log.warning("GET https://stream.example/x.m3u8?token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln&x=1")
    try:
        raise RuntimeError(f"signing failed for {SECRET}")
    except RuntimeError:
        log.exception("crash")
    text = read(log_setup)
    ram = "\n".join(log_setup.ram.lines())
    for output in (text, ram):
        assert SECRET not in output
        assert "dXNlcjpwYXNzd29yZA" not in output
        assert "eyJhbGciOiJSUzI1NiJ9" not in output
        assert "request failed with key ***" in output
        assert "signing failed for ***" in output  # the traceback too
        assert "x=1" in output  # only the secret part is masked
    assert logs.redact(f"x {SECRET} y") == "x *** y"


def test_redaction_hook(log_setup):
    logs.REDACTOR.add_hook(lambda text: text.replace("stream-key-abc", "[stream key]"))
    try:
        logging.getLogger("fastpix_viewer.test").warning("got stream-key-abc")
        assert "got [stream key]" in read(log_setup)
    finally:
        logs.REDACTOR._extra.clear()


def test_without_previous_handler_warnings_still_reach_stderr(log_setup, capsys):
    from PySide6.QtCore import QtMsgType

    router = logs.QtMessageRouter()  # as in the app, where Qt's default handler was active
    router(QtMsgType.QtWarningMsg, None, "qt says no")
    router(QtMsgType.QtDebugMsg, None, "qt chatter")
    assert capsys.readouterr().err == "qt says no\n"
    assert "qt says no" in read(log_setup)


def test_harmless_platform_messages_stay_off_stderr_but_reach_the_log(log_setup, capsys):
    """The headless smoke test printed the offscreen platform's size-hint notice eight times."""
    from PySide6.QtCore import QtMsgType

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        router = logs.QtMessageRouter()
        router(QtMsgType.QtWarningMsg, None, "This plugin does not support propagateSizeHints()")
        router(QtMsgType.QtWarningMsg, None, "a real warning")
    finally:
        root.setLevel(level)
    assert capsys.readouterr().err == "a real warning\n"
    assert "propagateSizeHints" in read(log_setup)
