"""Issue 16 item 2 (theatre mode): T or View › Theatre mode lets the video fill the right
side with the lists and details folded away; T again puts every pane back, and a window
closed in theatre mode saves the arrangement the user made."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest


def test_t_folds_the_lists_away_and_back(app, qtbot, tmp_path):
    config = tmp_path / "run"
    window = app.window(config_dir=config)
    action = window.findChild(QAction, "theatreModeAction")
    assert action in window.menu("&View").actions() and action.shortcut().toString() == "T"
    window.resize(1200, 800)
    qtbot.wait(50)
    sizes = window.main_splitter.sizes(), window.right_splitter.sizes()
    player_width = window.player.width()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    QTest.keyClick(window.media_pane.view, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: window.player.width() > player_width + 300, timeout=2000)
    assert action.isChecked() and not window.list_tabs.isVisible() and not window.details_box.isVisible()
    assert window.player.width() >= window.centralWidget().width() - 20  # the whole width

    # Typing a T into the filter types it, theatre mode stays.
    edit = window.media_pane.filter_edit
    window.list_tabs.setCurrentIndex(1)
    action.trigger()  # back
    assert window.list_tabs.isVisible() and window.details_box.isVisible()
    assert (window.main_splitter.sizes(), window.right_splitter.sizes()) == sizes
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    QTest.keyClick(edit, Qt.Key.Key_T)
    assert edit.text() == "t" and not action.isChecked()
    edit.clear()

    action.trigger()
    window.close()  # in theatre mode: what is saved is the normal arrangement
    later = app.window(config_dir=config)
    assert later.list_tabs.isVisible() and later.details_box.isVisible()
    assert later.main_splitter.sizes()[0] > 100
