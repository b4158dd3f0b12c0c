"""Help ▸ About shows the real versions and licence folder; Copy diagnostics never leaks secrets."""

from __future__ import annotations

import logging
import platform
from pathlib import Path

import vlc
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QLabel

from fastpix_viewer.api.redact import register_secret
from fastpix_viewer.ui.app.logs import setup_logging

REPO = Path(__file__).resolve().parents[2]


def test_about_shows_versions_and_licences(harness, qtbot):
    harness.controller.start(None, None)
    window = harness.window
    window.findChild(QAction, "aboutAction").trigger()
    dialog = window.about_dialog
    assert dialog.objectName() == "aboutDialog" and dialog.isVisible()

    def label(name: str) -> str:
        return dialog.findChild(QLabel, name).text()

    assert label("versionQt") == qVersion()
    assert label("versionLibvlc") == vlc.libvlc_get_version().decode()
    assert label("versionPython") == platform.python_version()
    assert label("versionPlatform") == platform.platform()
    assert Path(label("licensesPath")) == REPO / "packaging" / "licenses"
    assert dialog.open_licenses_button.isEnabled()


def test_copy_diagnostics_is_scrubbed(harness, qtbot, tmp_path):
    logs = setup_logging(tmp_path / "logcfg")
    try:
        secret = "S3cr3t-planted-for-the-diagnostics-test"
        token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGF5YmFjayJ9.c2lnbmF0dXJlLXBhcnQ"
        register_secret(secret)
        log = logging.getLogger("fastpix_viewer.test")
        log.warning("connecting with secret %s", secret)
        log.warning("playing https://stream.example/abc.m3u8?token=%s", token)
        log.warning("bare token %s and Authorization: Basic dXNlcjpwYXNzd29yZDEyMzQ=", token)
        log.warning("an ordinary line that must be kept")
        harness.controller.start(None, None)
        window = harness.window
        window.show_about()
        dialog = window.about_dialog
        QGuiApplication.clipboard().clear()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        copied = QGuiApplication.clipboard().text()
    finally:
        logs.close()
    assert copied
    assert secret not in copied and token not in copied and "dXNlcjpwYXNzd29yZDEyMzQ=" not in copied
    assert "<redacted>" in copied
    assert "an ordinary line that must be kept" in copied
    assert f"Qt: {qVersion()}" in copied and f"libVLC: {vlc.libvlc_get_version().decode()}" in copied
    assert f"Config folder: {harness.config_dir}" in copied
    assert "Proxies:" in copied and "Display: offscreen;" in copied
    assert "copied to the clipboard" in dialog.copied_label.text()
