"""Run something once a widget has painted: what the user sees first comes first.

Used at start-up: the first page of streams is drawn before the first stream is selected
(which fills Details, lists its recordings and asks for more), instead of all of that
landing in the same turn of the event loop as the rows (issue 15)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 150  # a window that is covered or minimised may not paint: do not wait for it
SETTLE_MS = 20  # after the paint: it reaches the screen, and what it queued runs first


class _AfterPaint(QObject):
    # Holds no Python reference to the widget, and drops the action once it has run. This
    # object is the widget's child: if it kept the widget's wrapper alive, its own deferred
    # deletion could drop the widget's last reference and delete the widget (and with it this
    # object, a second time) from inside its own destructor. That corrupted the heap in CI.
    def __init__(self, widget: QWidget, action: Callable[[], None]) -> None:
        super().__init__(widget)  # goes with the widget: nothing runs for a widget that is gone
        self._action: Callable[[], None] | None = action
        self._painted = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        if widget.isVisible():
            widget.installEventFilter(self)
            self._timer.start(FALLBACK_MS)
        else:
            self._timer.start(0)  # nothing to wait for

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            # The first paint only: a list that keeps repainting (thumbnails arriving) must
            # not push the action back again and again.
            self._painted = True
            watched.removeEventFilter(self)
            self._timer.start(SETTLE_MS)  # after this paint has been drawn and flushed
        return False

    def _fire(self) -> None:
        action, self._action = self._action, None
        if action is None:
            return
        widget = self.parent()
        if not self._painted and widget is not None:
            widget.removeEventFilter(self)
        del widget  # nor here: an action that lets go of the widget must be able to free it
        self.deleteLater()
        action()


def after_next_paint(widget: QWidget, action: Callable[[], None]) -> None:
    """Call `action` once, just after `widget`'s next paint (at once if it is hidden,
    after `FALLBACK_MS` if no paint comes). Not called if the widget is destroyed first."""
    _AfterPaint(widget, action)
