"""The player's window-wide keys and video-only full screen in the app's real main window
(the demo workspace, as launch.py builds it)."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_full_screen_in_the_main_window_is_the_video_alone(harness, qtbot):
    harness.controller.start(None, None)
    window = harness.window
    window.show()
    qtbot.waitExposed(window)
    panel = window.player
    around = [window.menuBar(), window.list_tabs, window.info_tabs, window.statusBar()]
    assert all(w.isVisible() for w in around)
    window.streams_pane.view.setFocus()
    qtbot.waitUntil(window.streams_pane.view.hasFocus, timeout=2000)
    qtbot.keyClick(window.streams_pane.view, Qt.Key.Key_F)  # F from the list
    assert panel.is_fullscreen() and window.isFullScreen()
    assert not any(w.isVisible() for w in around)
    assert panel.isVisible()
    qtbot.keyClick(window.streams_pane.view, Qt.Key.Key_Escape)
    assert not panel.is_fullscreen() and not window.isFullScreen()
    assert all(w.isVisible() for w in around)


def test_closing_in_full_screen_saves_the_window_as_arranged(harness, qtbot):
    harness.controller.start(None, None)
    window = harness.window
    window.show()
    qtbot.waitExposed(window)
    panel = window.player
    panel.set_fullscreen(True)
    assert window.list_tabs.isHidden()
    window.close()  # the window saves its splitters and geometry on close
    assert not panel.is_fullscreen()
    assert not window.list_tabs.isHidden() and not window.info_tabs.isHidden()
    assert not window.windowState() & Qt.WindowState.WindowFullScreen


def test_player_keys_stand_down_in_the_filter_field(harness, qtbot):
    harness.controller.start(None, None)
    window = harness.window
    window.show()
    qtbot.waitExposed(window)
    panel = window.player
    edit = window.streams_pane.filter_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    qtbot.keyClicks(edit, "fm")
    assert edit.text() == "fm"
    assert not panel.is_fullscreen() and not panel.is_muted()
