"""The welcome and workspace dialogs (issue 16 item 17): the private-key box never overlaps the
"Custom addresses" check box at any size, a message about the input goes away once the input
is fixed, and a session-only workspace can be edited (to add a signing key) without adding
it again. Connecting makes real requests to the sandbox."""

from __future__ import annotations

import itertools

import pytest
from e2e_workspaces_support import fill_form
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionGroupBox, QWidget

from fastpix_viewer.ui.workspaces.dialogs import MINIMUM_SIZE


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _check_box_rect(group, ancestor: QWidget) -> QRect:
    """Where the group box draws its check box and title ("Custom addresses …")."""
    option = QStyleOptionGroupBox()
    group.initStyleOption(option)
    style = group.style()
    box = style.subControlRect(QStyle.ComplexControl.CC_GroupBox, option, QStyle.SubControl.SC_GroupBoxCheckBox, group)
    label = style.subControlRect(QStyle.ComplexControl.CC_GroupBox, option, QStyle.SubControl.SC_GroupBoxLabel, group)
    united = box.united(label)
    return QRect(group.mapTo(ancestor, united.topLeft()), united.size())


def _least_height(widget: QWidget) -> int:
    """The height the layout must give `widget`: its set minimum, else its minimum size hint."""
    least = widget.minimumHeight() or widget.minimumSizeHint().height()
    return min(least, widget.maximumHeight())


def _rows(form) -> list[QWidget]:
    """The form's rows from top to bottom, as the user sees them."""
    return [form.name_edit, form.token_edit, form.secret_edit, form.signing_id_edit, form.signing_key_edit]


@pytest.mark.parametrize("which", ["welcome", "add"])
def test_the_private_key_box_never_overlaps_custom_addresses(harness, memory_keyring, qtbot, which):
    if which == "welcome":
        harness.controller.start(None, None, welcome=True)
        dialog = harness.controller.dialog
    else:
        harness.controller.start(None, None)
        dialog = harness.controller.add_workspace()
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    form = dialog.form
    QApplication.processEvents()
    natural = dialog.size()
    content = dialog.scroll.widget()
    assert content.height() <= dialog.scroll.viewport().height(), (content.size(), dialog.scroll.viewport().size())
    assert not dialog.scroll.verticalScrollBar().isVisible()  # it opens showing the whole form
    # The minimum (and below it: clamped), narrow and tall, short and wide, natural, large.
    sizes = [MINIMUM_SIZE, QSize(300, 180), QSize(380, 900), QSize(460, 330), natural,
             QSize(1200, 420), QSize(1400, 1000)]
    for expanded in (False, True):
        form.advanced.setChecked(expanded)
        for size in sizes:
            dialog.resize(size)
            QApplication.processEvents()
            assert dialog.width() >= MINIMUM_SIZE.width() and dialog.height() >= MINIMUM_SIZE.height()
            content = dialog.scroll.widget()
            where = f"{which} {dialog.width()}x{dialog.height()} expanded={expanded}"
            key = _rect_in(form.signing_key_edit, content).united(_rect_in(form.key_file_button, content))
            check = _check_box_rect(form.advanced, content)
            assert not key.intersects(check), where
            assert key.bottom() < check.top(), where  # and in that order
            # No row is squeezed into the next one, and none is shorter than it needs.
            rows = [_rect_in(w, content) for w in _rows(form)]
            for upper, lower in itertools.pairwise(rows):
                assert upper.bottom() < lower.top(), where
            for widget in (*_rows(form), form.advanced):
                assert widget.height() >= _least_height(widget), (where, widget.objectName())


def test_a_message_about_the_input_goes_when_it_is_fixed(harness, sandbox, memory_keyring, qtbot):
    harness.controller.start(None, None, welcome=True)
    form = harness.controller.dialog.form
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    assert form.error_label.isVisible() and form.error_label.text() == "Give the workspace a name."
    form.name_edit.setText("Production")  # fixed: the next problem is named instead
    assert form.error_label.text() == "Enter the Access Token ID."
    fill_form(form, sandbox, name="Production")
    assert not form.error_label.isVisible()  # all fixed: no stale message, no click needed

    # A check FastPix refused is about the values sent: it goes when they change.
    form.secret_edit.setText("not-the-right-secret")
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_label.isVisible(), timeout=15000)
    assert "did not accept" in form.error_label.text()
    form.secret_edit.setText(sandbox.secret_key)
    assert not form.error_label.isVisible()

    # A bad address is checked again as it is typed.
    form.api_edit.setText("ftp://example.com")
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    assert "must start with https://" in form.error_label.text()
    form.api_edit.setText(sandbox.api_base)
    assert not form.error_label.isVisible()
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    harness.wait_open(lambda c: c.session is not None)


def test_a_session_only_workspace_is_edited_to_add_a_signing_key(harness, sandbox, no_keyring, qtbot):
    harness.controller.start(None, None, welcome=True)
    form = harness.controller.dialog.form
    fill_form(form, sandbox, name="Laptop")
    form.session_only_check.setChecked(True)
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)
    window = harness.wait_open(lambda c: c.session is not None)
    assert harness.controller.current.kind == "session"
    assert not harness.controller.session.workspace.has_signing_key

    edit = window.findChild(QAction, "editWorkspaceAction")
    assert edit is not None and edit.isEnabled() and "Laptop" in edit.text()
    assert not window.findChild(QAction, "removeWorkspaceAction").isEnabled()
    dialog = harness.controller.edit_current()
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    form = dialog.form
    assert dialog.windowTitle() == "Edit workspace “Laptop”"
    assert form.name_edit.text() == "Laptop" and form.token_edit.text() == sandbox.token_id
    assert form.secret_edit.text() == "" and "kept for this session" in form.secret_edit.placeholderText()
    assert form.api_edit.text() == sandbox.api_base
    assert not form.session_only_check.isVisible()  # it stays session-only; nothing to tick again
    form.signing_id_edit.setText(sandbox.signing_key_id)
    form.signing_key_edit.setPlainText(sandbox.signing_key)
    old_window = window
    qtbot.mouseClick(form.connect_button, Qt.MouseButton.LeftButton)  # "Save": the blank secret is kept
    window = harness.wait_open(lambda c: c.window is not old_window and c.session is not None)
    session = harness.controller.session
    assert session.memory_only and session.workspace.has_signing_key
    assert session.workspace.secret_key == sandbox.secret_key
    assert [t.label for t in harness.controller.targets() if t.kind == "session"] == ["Laptop (this session only)"]
    assert window.workspace_switcher.text() == "Workspace: Laptop (this session only)"
    assert not harness.store.path.exists()  # still nothing on disk
