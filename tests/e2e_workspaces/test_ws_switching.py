"""Switching, editing and removing workspaces from the toolbar switcher and Ctrl+1..9."""

from __future__ import annotations

import pytest
from e2e_workspaces_support import sandbox_profile
from fpv_support.sandboxes import running_sandbox
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from fastpix_viewer.api.profiles import KEYRING_SERVICE
from fastpix_viewer.ui.workspaces import Target


@pytest.fixture(scope="module")
def big_sandbox():
    """A second, larger workspace (10 streams, 100 media) so a switch visibly changes the lists."""
    with running_sandbox(scale=100) as server:
        yield server


def _stream_names(window) -> set[str]:
    model = window.streams_model
    return {model.index(r, 0).data() for r in range(model.rowCount())}


def _press(window, key, modifier=Qt.KeyboardModifier.ControlModifier) -> None:
    window.activateWindow()
    QTest.keyClick(window, key, modifier)


def test_ctrl_2_switches_to_the_second_workspace_and_its_lists(harness, sandbox, big_sandbox, memory_keyring, qtbot):
    store = harness.store
    store.save(sandbox_profile(sandbox, "Small"), secret_key=sandbox.secret_key)
    store.save(sandbox_profile(big_sandbox, "Big"), secret_key=big_sandbox.secret_key)
    harness.controller.start(None, None)
    harness.controller.switch_to(Target("profile", "Small"))
    first = harness.wait_open(lambda c: c.current == Target("profile", "Small"))
    small_streams = first.streams_model.rowCount()
    assert first.workspace_switcher.text() == "Workspace: Small"
    qtbot.waitUntil(lambda: first.media_model.rowCount() > 0 and not first.is_loading(), timeout=15000)
    small_media = first.media_model.rowCount()

    menu = first.menu("&Workspace")
    entries = [a.text() for a in menu.actions() if a.objectName().startswith("workspaceEntry")]
    assert entries == ["Small\tCtrl+1", "Big\tCtrl+2", "Demo workspace (built-in sample)\tCtrl+3"]

    _press(first, Qt.Key.Key_2)
    second = harness.wait_open(lambda c: c.current == Target("profile", "Big"))
    qtbot.waitUntil(lambda: second.media_model.rowCount() >= 100 and not second.is_loading(), timeout=20000)
    assert second is not first
    assert second.workspace_switcher.text() == "Workspace: Big"
    assert second.streams_model.rowCount() > small_streams and second.media_model.rowCount() > small_media
    assert harness.controller.session.workspace.endpoints.api_base == big_sandbox.api_base
    assert store.active_name() == "Big"  # remembered for the next start
    menu = second.menu("&Workspace")
    checked = [a.text() for a in menu.actions() if a.isCheckable() and a.isChecked()]
    assert checked == ["Big\tCtrl+2"]
    big_names = _stream_names(second)

    _press(second, Qt.Key.Key_1)
    back = harness.wait_open(lambda c: c.current == Target("profile", "Small"))
    assert back.streams_model.rowCount() == small_streams
    assert _stream_names(back) != big_names

    _press(back, Qt.Key.Key_7)  # no seventh workspace: says so, stays put
    assert "There is no workspace 7" in back.status_text()
    assert harness.controller.window is back


def test_edit_renames_the_workspace_and_remove_forgets_it(harness, sandbox, memory_keyring, qtbot):
    store = harness.store
    store.save(sandbox_profile(sandbox, "Old name"), secret_key=sandbox.secret_key)
    harness.controller.start(None, None)
    harness.controller.switch_to(Target("profile", "Old name"))
    window = harness.wait_open(lambda c: c.current == Target("profile", "Old name"))

    window.findChild(type(window.refresh_action), "editWorkspaceAction").trigger()
    dialog = harness.controller.dialog
    assert dialog.objectName() == "workspaceDialog"
    form = dialog.form
    assert form.name_edit.text() == "Old name" and form.secret_edit.text() == ""  # secret never shown
    form.name_edit.setText("New name")
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)  # blank secret: keep the stored one
    renamed = harness.wait_open(lambda c: c.current == Target("profile", "New name"))
    assert renamed.workspace_switcher.text() == "Workspace: New name"
    assert [p.name for p in store.list()] == ["New name"]
    assert memory_keyring == {(KEYRING_SERVICE, "New name/secret-key"): sandbox.secret_key}

    renamed.findChild(type(renamed.refresh_action), "removeWorkspaceAction").trigger()
    box = renamed.findChild(QMessageBox, "removeWorkspaceConfirm")
    assert "Remove the workspace “New name”" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: harness.controller.session is None and harness.controller.window is not renamed,
                    timeout=15000)
    assert store.list() == [] and memory_keyring == {}
    empty = harness.controller.window
    assert empty.workspace_switcher.text() == "No workspace"
    assert "No FastPix workspace is open" in empty.notice_label.text()


def test_a_failed_edit_check_keeps_the_old_profile(harness, sandbox, memory_keyring, qtbot):
    harness.store.save(sandbox_profile(sandbox, "Keep"), secret_key=sandbox.secret_key)
    harness.controller.start(None, None)
    harness.controller.switch_to(Target("profile", "Keep"))
    harness.wait_open(lambda c: c.current == Target("profile", "Keep"))
    dialog = harness.controller.edit_current()
    dialog.form.secret_edit.setText("wrong-secret-value")
    qtbot.mouseClick(dialog.form.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.error_label.isVisible(), timeout=15000)
    assert "did not accept" in dialog.form.error_label.text()
    assert memory_keyring[(KEYRING_SERVICE, "Keep/secret-key")] == sandbox.secret_key
