"""First start: the welcome dialog connects a workspace (checked by a real API call before
anything is saved, secrets only in the keyring), offers the demo, and without a keyring
offers session-only use that writes nothing to disk."""

from __future__ import annotations

import json

from e2e_workspaces_support import fill_form
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from fastpix_viewer.api.profiles import KEYRING_SERVICE


def _files_under(folder):
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_wrong_credentials_say_so_and_save_nothing(harness, sandbox, memory_keyring, qtbot):
    harness.controller.start(None, None, welcome=True)
    dialog = harness.controller.dialog
    assert dialog.objectName() == "welcomeDialog" and dialog.isVisible()
    form = dialog.form
    fill_form(form, sandbox, name="Production", secret="not-the-right-secret")
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_label.isVisible(), timeout=15000)
    assert "did not accept this Access Token ID and Secret Key" in form.error_label.text()
    assert "not-the-right-secret" not in form.error_label.text()
    assert dialog.isVisible()  # the user can correct it
    assert harness.store.list() == []
    assert not harness.store.path.exists()
    assert memory_keyring == {}
    assert harness.controller.session is None


def test_unreachable_address_is_a_network_error(harness, sandbox, memory_keyring, qtbot):
    harness.controller.start(None, None, welcome=True)
    form = harness.controller.dialog.form
    fill_form(form, sandbox, name="Lab")
    form.api_edit.setText("http://127.0.0.1:9/v1")  # nothing listens on the discard port
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_label.isVisible(), timeout=20000)
    assert "Could not connect to 127.0.0.1" in form.error_label.text()
    assert "Nothing was saved" in form.error_label.text()
    form.api_edit.setText("ftp://example.com")
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    assert "must start with https://" in form.error_label.text()
    assert not harness.store.path.exists()


def test_right_credentials_save_the_secret_only_in_the_keyring(harness, sandbox, memory_keyring, qtbot):
    harness.controller.start(None, None, welcome=True)
    dialog = harness.controller.dialog
    fill_form(dialog.form, sandbox, name="Production", signing=True)
    qtbot.mouseClick(dialog.form.connect_button, Qt.MouseButton.LeftButton)
    window = harness.wait_open(lambda c: c.session is not None)
    assert harness.controller.dialog is None  # closed on success
    switcher = window.findChild(QToolButton, "workspaceSwitcher")
    assert switcher.text() == "Workspace: Production" and switcher.isVisible()
    assert window.streams_model.rowCount() > 0
    assert [p.name for p in harness.store.list()] == ["Production"]
    assert harness.store.active_name() == "Production"
    text = harness.store.path.read_text()
    saved = json.loads(text)["profiles"][0]
    assert saved["token_id"] == sandbox.token_id and saved["api_base"] == sandbox.api_base
    for folder_file in _files_under(harness.config_dir):
        data = folder_file.read_bytes()
        assert sandbox.secret_key.encode() not in data, folder_file
        assert sandbox.signing_key.encode()[:40] not in data, folder_file
    assert memory_keyring[(KEYRING_SERVICE, "Production/secret-key")] == sandbox.secret_key
    assert memory_keyring[(KEYRING_SERVICE, "Production/signing-key")] == sandbox.signing_key


def test_try_the_demo_opens_it_and_saves_nothing(harness, memory_keyring, qtbot):
    harness.controller.start(None, None, welcome=True)
    dialog = harness.controller.dialog
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    window = harness.wait_open(lambda c: c.session is not None)
    assert harness.controller.session.is_demo
    assert window.workspace_switcher.text() == "Workspace: Demo workspace (built-in sample)"
    assert window.streams_model.rowCount() > 0
    assert not harness.store.path.exists() and memory_keyring == {}


def test_without_a_keyring_session_only_is_offered_and_nothing_reaches_disk(harness, sandbox, no_keyring, qtbot):
    harness.controller.start(None, None, welcome=True)
    form = harness.controller.dialog.form
    assert form.session_only_check.isVisible()
    assert "forgotten when the app closes" in form.session_only_note.text()
    fill_form(form, sandbox, name="Laptop")
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    assert "tick “Use for this session only”" in form.error_label.text()  # refused at once, no request
    form.session_only_check.setChecked(True)
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    window = harness.wait_open(lambda c: c.session is not None)
    assert harness.controller.current.kind == "session"
    assert window.workspace_switcher.text() == "Workspace: Laptop (this session only)"
    assert window.streams_model.rowCount() > 0
    window.save_state()
    assert not harness.store.path.exists()
    for folder_file in _files_under(harness.config_dir):
        data = folder_file.read_bytes()
        assert sandbox.secret_key.encode() not in data and sandbox.token_id.encode() not in data, folder_file


def test_signing_key_from_a_pem_file_and_a_bad_key_in_plain_words(harness, sandbox, memory_keyring, qtbot, tmp_path):
    import base64

    from fastpix_viewer.api.signing import SigningKey

    harness.controller.start(None, None, welcome=True)
    form = harness.controller.dialog.form
    fill_form(form, sandbox, name="Signed")
    form.signing_id_edit.setText(sandbox.signing_key_id)
    form.signing_key_edit.setPlainText("bm90IGEga2V5")  # base64 of "not a key"
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_label.isVisible(), timeout=15000)
    assert "does not decode to a PEM private key" in form.error_label.text()
    assert memory_keyring == {}

    pem = tmp_path / "signing.pem"
    pem.write_bytes(base64.b64decode(sandbox.signing_key))
    form.load_key_file(pem)
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    harness.wait_open(lambda c: c.session is not None)
    stored = memory_keyring[(KEYRING_SERVICE, "Signed/signing-key")]
    SigningKey.from_fastpix(sandbox.signing_key_id, stored)  # usable for private playback
    assert harness.controller.session.workspace.has_signing_key
