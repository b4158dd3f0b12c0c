"""Theatre mode (T, View › Theatre mode): the video fills the window's right side and the
lists collapse, without going full screen; T again (or the menu) puts every pane back as
it was. Closing the window in theatre mode saves the arrangement the user made, not the
collapsed one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter


class Theatre(QObject):
    """The checkable action (objectName theatreModeAction) and the splitter states it keeps."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self._saved: list[tuple[QSplitter, QByteArray]] = []
        self.action = QAction("&Theatre mode", window)
        self.action.setObjectName("theatreModeAction")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_T))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip("The video fills the right side; the lists fold away (T)")
        self.action.toggled.connect(self.set_active)
        window.addAction(self.action)
        window.menu("&View").addAction(self.action)
        window.installEventFilter(self)

    def is_active(self) -> bool:
        return bool(self._saved)

    def set_active(self, on: bool) -> None:
        if on == self.is_active():
            return
        w = self._window
        if on:
            self._saved = [(w.main_splitter, w.main_splitter.saveState()),
                           (w.right_splitter, w.right_splitter.saveState())]
            # Hidden, not squeezed: the splitters keep their panes at a minimum width otherwise.
            w.list_tabs.hide()
            w.details_box.hide()
        else:
            w.list_tabs.show()
            w.details_box.show()
            for splitter, state in self._saved:
                splitter.restoreState(state)
            self._saved = []
        if self.action.isChecked() != on:
            self.action.setChecked(on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close and self.is_active():
            self.set_active(False)  # before the window saves its splitters
        return False
