"""Help ▸ Keyboard shortcuts lists every key of the window, the player's included, as the
window's actions define them."""

from __future__ import annotations

from PySide6.QtGui import QAction


def test_keyboard_shortcuts_window_lists_every_key(harness, qtbot):
    harness.controller.start(None, None)
    window = harness.window
    action = window.findChild(QAction, "keyboardShortcutsAction")
    assert action in window.menu("&Help").actions()
    action.trigger()
    dialog = window.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    rows = dict(dialog.rows())
    player = {"Space": "Play / pause", "K": "Play / pause", "J": "Back 10 s", "L": "Forward 10 s",
              "Left": "Back 5 s", "Right": "Forward 5 s", "[": "Slower", "]": "Faster",
              ",": "Previous frame (paused)", ".": "Next frame (paused)", "Home": "Go to the start",
              "End": "Go to the end", "M": "Mute / unmute", "Up": "Volume up", "Down": "Volume down",
              "S": "Save a snapshot", "F": "Full screen", "Esc": "Leave full screen"}
    for keys, text in player.items():
        assert rows.get(keys) == text, keys
    # The window's own keys are there too (read from its actions, not a second list).
    assert rows.get("Ctrl+F") and rows.get("F6") and rows.get("F5") and rows.get("Ctrl+L")
    assert rows.get("F1") == "Keyboard shortcuts"
    dialog.close()
    qtbot.waitUntil(lambda: window.shortcuts_dialog is None, timeout=2000)
