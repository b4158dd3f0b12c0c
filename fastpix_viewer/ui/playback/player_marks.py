"""In and Out marks in the player, and the A-B loop of the marked range.

I marks the clip's start at the current position, O its end; the marks are drawn on the
seek bar (mark_overlay.py) and editable to the tenth of a second in the clip row
(mark_bar.py); Shift+X clears them; Shift+L plays the marked range in a loop (as VLC's A-B
loop: when playback passes Out it jumps back to In). "Create clip…" only asks: the owner
(the clips feature) listens to `clipRequested(in_ms, out_ms)` and checks the range against
FastPix's rules before anything is sent.

Marks belong to what plays: the owner calls `clear()` when another item is opened (a new
quality or a DVR switch re-plays the same item and keeps them). Main thread only; the loop
reads the position the panel already knows (its poll), so it adds no libVLC call but the seek.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence

from fastpix_viewer.ui.playback.mark_bar import MarkBar, format_tenths
from fastpix_viewer.ui.playback.mark_overlay import MarkOverlay
from fastpix_viewer.ui.playback.request import ENDED, PLAYING

LOOP_CHECK_MS = 100
# libVLC may report the old time for a poll or two after a seek: do not loop again meanwhile.
LOOP_SETTLE_S = 0.6

MARK_KEYS = {
    "markInShortcut": ("Mark In (clip start)", QKeySequence(Qt.Key.Key_I)),
    "markOutShortcut": ("Mark Out (clip end)", QKeySequence(Qt.Key.Key_O)),
    "clearMarksShortcut": ("Clear the In and Out marks", QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_X)),
    "loopMarksShortcut": ("Loop the marked range (A-B)", QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_L)),
}


class PlayerMarks(QObject):
    """The marks of one PlayerPanel (see the module docstring)."""

    marksChanged = Signal(object, object)  # in_ms, out_ms (None: not set)
    loopChanged = Signal(bool)
    clipRequested = Signal(int, int)  # in_ms, out_ms

    def __init__(self, panel: Any) -> None:
        super().__init__(panel)
        self._panel = panel
        self.in_ms: int | None = None
        self.out_ms: int | None = None
        self._loop = False
        self._loop_seek_at = 0.0
        controls = panel.controls
        self.bar = MarkBar(controls)
        controls.layout().addWidget(self.bar)
        # In and Out sit on the seek row, next to the bar they mark; the rest of the clip row
        # (times, length, Clear, Loop, Create clip…) shows once there is a mark, so the
        # controls stay as high as before for anyone who does not clip.
        _put_on_seek_row(controls, (self.bar.in_button, self.bar.out_button))
        self._fullscreen = False
        self.overlay = MarkOverlay(controls.seek_slider)
        self.actions: dict[str, QAction] = {}
        for name, (text, keys) in MARK_KEYS.items():
            action = QAction(text, panel)
            action.setObjectName(name)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            panel.addAction(action)
            # With the panel's own keys: they stand down while a text field (a mark's time) has
            # focus, and Help › Keyboard shortcuts lists them.
            panel._key_actions.append((action, False))
            self.actions[name] = action
        self.actions["markInShortcut"].triggered.connect(self.mark_in)
        self.actions["markOutShortcut"].triggered.connect(self.mark_out)
        self.actions["clearMarksShortcut"].triggered.connect(self._clear_said)
        self.actions["loopMarksShortcut"].triggered.connect(self._toggle_loop_said)
        self.bar.in_button.clicked.connect(self.mark_in)
        self.bar.out_button.clicked.connect(self.mark_out)
        self.bar.clear_button.clicked.connect(self.clear)
        self.bar.loop_button.toggled.connect(self.set_loop)
        self.bar.clip_button.clicked.connect(self.request_clip)
        self.bar.in_time.valueChanged.connect(lambda s: self.set_marks(round(s * 1000), self.out_ms))
        self.bar.out_time.valueChanged.connect(lambda s: self.set_marks(self.in_ms, round(s * 1000)))
        self._timer = QTimer(self)
        self._timer.setInterval(LOOP_CHECK_MS)
        self._timer.timeout.connect(self._check_loop)
        panel.stateChanged.connect(self._on_state)
        # Full screen is for watching: the clip row steps aside (the keys still mark, and the
        # marks stay drawn on the seek bar), so the controls that fade in stay one bar high.
        panel.fullscreenChanged.connect(self._on_fullscreen)
        self._show()

    # -- marks ------------------------------------------------------------------------------

    def marks(self) -> tuple[int | None, int | None]:
        return self.in_ms, self.out_ms

    def can_mark(self) -> bool:
        """Marks need a position in a media: a recording or media that can seek (not live)."""
        return self._panel.can_seek() and not self._panel.is_live()

    def mark_in(self) -> None:
        if self._refused():
            return
        self.set_marks(self._panel.position_ms(), self.out_ms)
        self._panel._say(f"In {format_tenths(self.in_ms / 1000)}")

    def mark_out(self) -> None:
        if self._refused():
            return
        self.set_marks(self.in_ms, self._panel.position_ms())
        self._panel._say(f"Out {format_tenths(self.out_ms / 1000)}")

    def set_marks(self, in_ms: int | None, out_ms: int | None) -> None:
        """Set both marks (ms into the media; None clears one). A range that is no longer a
        range (Out at or before In) stops the loop; the clip dialog refuses it with a reason."""
        self.in_ms = None if in_ms is None else max(0, int(in_ms))
        self.out_ms = None if out_ms is None else max(0, int(out_ms))
        if self._loop and not self._is_range():
            self.set_loop(False)
        self._show()
        self.marksChanged.emit(self.in_ms, self.out_ms)

    def clear(self) -> None:
        self.set_loop(False)
        self.set_marks(None, None)

    def _clear_said(self) -> None:
        if self.in_ms is not None or self.out_ms is not None:
            self.clear()
            self._panel._say("Marks cleared")

    def _refused(self) -> bool:
        if self.can_mark():
            return False
        self._panel._say("Marks need a recording or media that is playing")
        return True

    def _is_range(self) -> bool:
        return self.in_ms is not None and self.out_ms is not None and self.out_ms > self.in_ms

    def _show(self) -> None:
        # Visibility first: a spin box shown or hidden rewrites its text from its value, which
        # would turn an unset mark's empty field into "0:00.0".
        self.bar.setVisible(not self._fullscreen and (self.in_ms is not None or self.out_ms is not None))
        self.bar.show_marks(self.in_ms, self.out_ms)
        self.overlay.set_marks(self.in_ms, self.out_ms)

    def _on_fullscreen(self, on: bool) -> None:
        self._fullscreen = bool(on)
        self._show()

    def request_clip(self) -> None:
        if self.in_ms is None or self.out_ms is None:
            self._panel._say("Mark In (I) and Out (O) first")
            return
        self.clipRequested.emit(self.in_ms, self.out_ms)

    # -- the A-B loop -------------------------------------------------------------------

    def is_looping(self) -> bool:
        return self._loop

    def set_loop(self, on: bool) -> None:
        on = bool(on) and self._is_range()
        if on != self._loop:
            self._loop = on
            self.loopChanged.emit(on)
        button = self.bar.loop_button
        if button.isChecked() != on:
            button.blockSignals(True)
            button.setChecked(on)
            button.blockSignals(False)
        if on:
            self._timer.start()
            position = self._panel.position_ms()
            if not self.in_ms <= position < self.out_ms:
                self._jump_to_in()
        else:
            self._timer.stop()

    def _toggle_loop_said(self) -> None:
        if not self._is_range():
            self._panel._say("Mark In (I) before Out (O) to loop")
            return
        self.set_loop(not self._loop)
        self._panel._say("Loop on" if self._loop else "Loop off")

    def _jump_to_in(self) -> None:
        self._loop_seek_at = time.monotonic()
        self._panel.seek(self.in_ms)

    def _check_loop(self) -> None:
        if not self._loop or self._panel.state() != PLAYING:
            return
        if time.monotonic() - self._loop_seek_at < LOOP_SETTLE_S:
            return
        if self._panel.position_ms() >= self.out_ms:
            self._jump_to_in()

    def _on_state(self, state: str) -> None:
        # The marked range ends at the media's end: the end plays In again.
        if state == ENDED and self._loop:
            self._jump_to_in()


def _put_on_seek_row(controls: Any, buttons: tuple[Any, ...]) -> None:
    """Insert `buttons` just after the seek slider in the control bar's row that holds it."""
    slider = controls.seek_slider
    top = controls.layout()
    for i in range(top.count()):
        row = top.itemAt(i).layout()
        if row is not None and row.indexOf(slider) >= 0:
            at = row.indexOf(slider) + 1
            for offset, button in enumerate(buttons):
                row.insertWidget(at + offset, button)
            return
