"""Help ▸ Keyboard shortcuts: a window listing every key of the main window.

The list is read from the window's live actions (the player's keys, Ctrl+F, F6, Ctrl+D, …)
each time it opens, so it can never disagree with what the keys do.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every action of `window` that has a key, in key order within
    single keys first (the player's), then combinations; one row per key."""
    rows: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            text = action.text().replace("&&", "\x00").replace("&", "").replace("\x00", "&")
            text = text.rstrip("…").strip() or action.toolTip()
            if keys and text and keys not in rows:
                rows[keys] = text
    return sorted(rows.items(), key=lambda row: ("+" in row[0] and len(row[0]) > 1, row[0]))


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        note = QLabel("The player's keys work anywhere in the window, except while you type in "
                      "a text field; in a list, the arrows, Home and End move through the list.",
                      self)
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Keys", "Action"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, (keys, text) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))  # item text is plain text
            self.table.setItem(row, 1, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(480, 560)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text())
                for r in range(self.table.rowCount())]


def install_shortcuts_help(window: Any) -> None:
    """Help ▸ Keyboard shortcuts (F1) on `window`; the open dialog is `window.shortcuts_dialog`."""
    action = QAction("&Keyboard shortcuts", window)
    action.setObjectName("keyboardShortcutsAction")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    window.shortcuts_dialog = None

    def show() -> ShortcutsDialog:
        dialog = ShortcutsDialog(window)  # built afresh: the window's keys as they are now
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(window, "shortcuts_dialog", None))
        window.shortcuts_dialog = dialog
        dialog.open()
        return dialog

    action.triggered.connect(show)
    window.addAction(action)
    window.menu("&Help").addAction(action)
