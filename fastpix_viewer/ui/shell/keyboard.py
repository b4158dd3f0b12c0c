"""Window-wide keys: Ctrl+F to the current list's filter, F6 / Shift+F6 around the panes.

Tab already walks every list and tree (they take focus by Tab; the player's own buttons
do not, its keys work once the panel has focus); F6 is the quick way between the big panes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from fastpix_viewer.ui.core.items import MEDIA_TAB


def current_list_pane(window: Any) -> Any:
    """The list the user is working in: Media on its tab; else recordings when they have focus, streams otherwise."""
    if window.list_tabs.currentIndex() == MEDIA_TAB:
        return window.media_pane
    focus = QApplication.focusWidget()
    if focus is not None and window.recordings_pane.isAncestorOf(focus):
        return window.recordings_pane
    return window.streams_pane


def focus_filter(window: Any) -> None:
    pane = current_list_pane(window)
    pane.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
    pane.filter_edit.selectAll()


def pane_cycle(window: Any) -> list[QWidget]:
    """The panes F6 visits, in screen order (only visible, enabled ones)."""
    if window.list_tabs.currentIndex() == MEDIA_TAB:
        lists = [window.media_pane.view]
    else:
        lists = [window.streams_pane.view, window.recordings_pane.view]
    player = getattr(window, "player", None)
    info = window.info_tabs.currentWidget()
    candidates = [*lists, player if isinstance(player, QWidget) else None, info]
    return [w for w in candidates if w is not None and w.isVisibleTo(window) and w.isEnabled()]


def cycle_panes(window: Any, step: int = 1) -> QWidget | None:
    panes = pane_cycle(window)
    if not panes:
        return None
    focus = QApplication.focusWidget()
    here = next((i for i, pane in enumerate(panes) if focus is not None
                 and (focus is pane or pane.isAncestorOf(focus))), None)
    target = panes[0] if here is None and step > 0 else panes[((here or 0) + step) % len(panes)]
    target.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return target


def install_keyboard_navigation(window: Any) -> None:
    """Add the window-wide actions (objectNames focusFilterAction, nextPaneAction, previousPaneAction)."""
    specs = (
        ("focusFilterAction", "Filter the list", QKeySequence(QKeySequence.StandardKey.Find),
         lambda: focus_filter(window)),
        ("nextPaneAction", "Next pane", QKeySequence(Qt.Key.Key_F6), lambda: cycle_panes(window, 1)),
        ("previousPaneAction", "Previous pane", QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F6),
         lambda: cycle_panes(window, -1)),
    )
    for name, text, keys, slot in specs:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        window.addAction(action)
