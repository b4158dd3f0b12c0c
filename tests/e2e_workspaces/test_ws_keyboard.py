"""Keyboard navigation: Tab reaches every list and tree, Ctrl+F goes to the current list's
filter, F6 / Shift+F6 cycle the panes."""

from __future__ import annotations

from e2e_workspaces_support import sandbox_profile
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView

from fastpix_viewer.ui.workspaces import Target


def _open(harness, sandbox):
    harness.store.save(sandbox_profile(sandbox, "Keys"), secret_key=sandbox.secret_key)
    harness.controller.start(None, None)
    harness.controller.switch_to(Target("profile", "Keys"))
    window = harness.wait_open(lambda c: c.current == Target("profile", "Keys"))
    window.activateWindow()
    return window


def test_tab_reaches_every_list_and_tree(harness, sandbox, memory_keyring, qtbot):
    window = _open(harness, sandbox)
    # Walk the Tab chain from the streams list once around: every visible list/tree is on it.
    start = window.streams_pane.view
    reached, widget = set(), start.nextInFocusChain()
    while widget is not start:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(window) and widget.isEnabled():
            reached.add(widget)
        widget = widget.nextInFocusChain()
    reached.add(start)
    # Every visible list, table and tree (headers are not tab stops anywhere).
    views = [v for v in window.findChildren(QAbstractItemView)
             if v.isVisibleTo(window) and not isinstance(v, QHeaderView)]
    assert window.streams_pane.view in views and window.recordings_pane.view in views
    for view in views:
        assert view in reached or any(view.isAncestorOf(w) for w in reached), view.objectName()
    details = window.info_tabs.currentWidget()
    assert details in reached or any(details.isAncestorOf(w) for w in reached)


def test_ctrl_f_and_f6(harness, sandbox, memory_keyring, qtbot):
    window = _open(harness, sandbox)
    window.streams_pane.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.streams_pane.view)
    QTest.keyClick(window.streams_pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.streams_pane.filter_edit

    window.recordings_pane.view.setFocus()
    QTest.keyClick(window.recordings_pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.recordings_pane.filter_edit

    window.streams_pane.view.setFocus()
    visited = []
    for _ in range(4):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        visited.append(QApplication.focusWidget())
    player, info = window.player, window.info_tabs.currentWidget()
    assert visited[0] is window.recordings_pane.view
    assert visited[1] is player or player.isAncestorOf(visited[1])
    assert visited[2] is info
    assert visited[3] is window.streams_pane.view  # round again
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is info

    window.list_tabs.setCurrentIndex(1)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.media_pane.filter_edit
