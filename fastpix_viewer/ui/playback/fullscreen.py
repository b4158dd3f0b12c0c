"""Full screen is the video alone: every other widget of the window (lists, details, menu and
status bars, the player's title) is hidden, the window goes full screen, and the control
bar shows on mouse movement and hides again after a moment. Leaving restores exactly what
was shown, splitter sizes included.

The player is never reparented into a window of its own: libVLC draws into its native
window, and moving that to another top level makes X11 drop or tear the video.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QSplitter, QStackedWidget, QWidget

_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


class VideoOnly(QObject):
    """Hides everything around `panel` in its window while full screen; auto-hides `controls`."""

    HIDE_CONTROLS_MS = 2500

    def __init__(self, panel: QWidget, controls: QWidget, title: QWidget) -> None:
        super().__init__(panel)
        self._panel = panel
        self._controls = controls
        self._title = title
        self._hidden: list[QWidget] = []
        self._splitters: list[tuple[QSplitter, QByteArray]] = []
        self._title_was_visible = False
        self._active = False
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(self.HIDE_CONTROLS_MS)
        self._hide_timer.timeout.connect(self._hide_controls)

    def enter(self) -> None:
        if self._active:
            return
        self._active = True
        window = self._panel.window()
        widget = self._panel
        while widget is not window and widget.parentWidget() is not None:
            parent = widget.parentWidget()
            if isinstance(parent, QSplitter):
                self._splitters.append((parent, parent.saveState()))
            # A stack shows one page itself: hiding (and later showing) its other pages
            # would fight it.
            if not isinstance(parent, QStackedWidget):
                for sibling in parent.findChildren(QWidget, options=_DIRECT):
                    if sibling is not widget and not sibling.isWindow() and sibling.isVisibleTo(parent):
                        sibling.hide()
                        self._hidden.append(sibling)
            widget = parent
        self._title_was_visible = self._title.isVisibleTo(self._panel)
        self._title.hide()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.reveal_controls()

    def leave(self) -> None:
        if not self._active:
            return
        self._active = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._hide_timer.stop()
        for widget in self._hidden:
            widget.show()
        for splitter, state in self._splitters:
            splitter.restoreState(state)
        self._hidden.clear()
        self._splitters.clear()
        self._title.setVisible(self._title_was_visible)
        self._controls.show()

    def is_active(self) -> bool:
        return self._active

    def reveal_controls(self) -> None:
        """Show the control bar, and hide it again after a moment without mouse movement."""
        self._controls.show()
        self._hide_timer.start()

    def _hide_controls(self) -> None:
        if not self._active:
            return
        # Not from under the pointer, nor while one of its menus is open.
        if self._controls.underMouse() or isinstance(QApplication.activePopupWidget(), QMenu):
            self._hide_timer.start()
            return
        self._controls.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is self._panel.window():
            # Before the window's closeEvent saves its geometry and splitters: what is saved
            # is the window as the user arranged it, not the full-screen one with panes hidden.
            self._panel.set_fullscreen(False)
            return False
        if (event.type() == QEvent.Type.MouseMove and isinstance(watched, QWidget)
                and (watched is self._panel or self._panel.isAncestorOf(watched))):
            self.reveal_controls()
        return False

