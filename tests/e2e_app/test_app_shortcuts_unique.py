"""Every key sequence in the window does one thing (issues 16-18 each added keys: a sequence
bound twice is "ambiguous" to Qt, which then runs neither action)."""

from __future__ import annotations

import collections

from PySide6.QtGui import QAction, QShortcut


def test_no_key_sequence_is_bound_to_two_window_actions(app, qtbot):
    window = app.window()
    bound: dict[str, list[str]] = collections.defaultdict(list)
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                bound[sequence.toString()].append(action.objectName() or action.text())
    for shortcut in window.findChildren(QShortcut):
        if not shortcut.key().isEmpty():
            bound[shortcut.key().toString()].append(shortcut.objectName() or "QShortcut")
    assert len(bound) > 20  # the menus' keys are there to be checked
    twice = {key: names for key, names in bound.items() if len(names) > 1}
    assert twice == {}
