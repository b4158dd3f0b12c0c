"""The player's keys, working from anywhere in the player's window (VLC / mpv / YouTube keys):
Space and K play/pause, J/L ±10 s, Left/Right ±5 s, [ ] speed, , . frame back/step (paused),
Home/End, M mute, Up/Down volume, S snapshot, F full screen, Esc leaves it. Each change is
said on the on-screen display.

The keys stand down while a text field has focus (the text is typed, not the player driven),
and the arrows, Home and End also while a list or tree outside the player has focus (they
move through the list there). A mixin of `PlayerPanel` (panel.py). Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from fastpix_viewer.ui.playback.controls import SPEEDS, speed_label
from fastpix_viewer.ui.playback.request import PAUSED, PLAYING

# Keys a list or tree uses for itself: with focus there, the list keeps them.
_NAVIGATION_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
                    Qt.Key.Key_Home, Qt.Key.Key_End)
FRAME_MS_FALLBACK = 40  # 25 fps, when libVLC does not know the frame rate


def takes_text(widget: QWidget | None) -> bool:
    """Does `widget` take typed text (where the player's letter keys must not fire)?"""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QLineEdit | QAbstractSpinBox)


class _FocusWatch(QObject):
    """Tells the panel where the focus went (app-wide), while the panel lives."""

    def __init__(self, panel: Any) -> None:
        super().__init__(panel)
        self._panel = panel
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if shiboken6.isValid(self._panel):
            self._panel._on_focus_changed(new)


class PanelKeys:
    """Window-wide player keys (QActions on the panel; objectNames below) and the OSD notes."""

    SEEK_STEP_MS = 5000
    JUMP_STEP_MS = 10000
    VOLUME_STEP = 5

    def _build_shortcuts(self) -> None:
        # A QObject child owns the app-wide focus connection, so Qt drops it with the panel;
        # made before the actions, it is deleted before them too.
        self._focus_watch = _FocusWatch(self)
        self._key_actions: list[tuple[QAction, bool]] = []  # (action, is a navigation key)

        def shortcut(name: str, text: str, keys: Qt.Key, slot: Callable[[], Any]) -> QAction:
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            # Window-wide: the keys work wherever the focus is in the player's window.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self._key_actions.append((action, keys in _NAVIGATION_KEYS))
            return action

        K = Qt.Key
        shortcut("playPauseShortcut", "Play / pause", K.Key_Space, self.toggle_pause)
        shortcut("playPauseKShortcut", "Play / pause", K.Key_K, self.toggle_pause)
        shortcut("jumpBackShortcut", "Back 10 s", K.Key_J, lambda: self._step(-self.JUMP_STEP_MS))
        shortcut("jumpForwardShortcut", "Forward 10 s", K.Key_L, lambda: self._step(self.JUMP_STEP_MS))
        shortcut("seekBackShortcut", "Back 5 s", K.Key_Left, lambda: self._step(-self.SEEK_STEP_MS))
        shortcut("seekForwardShortcut", "Forward 5 s", K.Key_Right,
                 lambda: self._step(self.SEEK_STEP_MS))
        shortcut("slowerShortcut", "Slower", K.Key_BracketLeft, lambda: self._speed_step(-1))
        shortcut("fasterShortcut", "Faster", K.Key_BracketRight, lambda: self._speed_step(1))
        shortcut("frameBackShortcut", "Previous frame (paused)", K.Key_Comma, lambda: self._frame(-1))
        shortcut("frameStepShortcut", "Next frame (paused)", K.Key_Period, lambda: self._frame(1))
        shortcut("startShortcut", "Go to the start", K.Key_Home, lambda: self._go_to(0))
        shortcut("endShortcut", "Go to the end", K.Key_End, lambda: self._go_to(self._length))
        shortcut("volumeUpShortcut", "Volume up", K.Key_Up, lambda: self._volume_step(self.VOLUME_STEP))
        shortcut("volumeDownShortcut", "Volume down", K.Key_Down,
                 lambda: self._volume_step(-self.VOLUME_STEP))
        shortcut("muteShortcut", "Mute / unmute", K.Key_M, self._toggle_mute)
        shortcut("snapshotShortcut", "Save a snapshot", K.Key_S, lambda: self.take_snapshot())
        shortcut("fullscreenShortcut", "Full screen", K.Key_F, self.toggle_fullscreen)
        self._leave_fullscreen = shortcut("leaveFullscreenShortcut", "Leave full screen",
                                          K.Key_Escape, lambda: self.set_fullscreen(False))
        self._key_actions.pop()  # Esc follows full screen, not the focus
        self._leave_fullscreen.setEnabled(False)

    def player_key_actions(self) -> list[QAction]:
        """Every key action of the player (for Help › Keyboard shortcuts)."""
        return [action for action, _ in self._key_actions] + [self._leave_fullscreen]

    def _on_focus_changed(self, new: QWidget | None) -> None:
        typing = takes_text(new)
        in_list = isinstance(new, QAbstractItemView) and not self.isAncestorOf(new)
        for action, navigation in self._key_actions:
            action.setEnabled(not typing and not (navigation and in_list))

    # -- what the keys do, each said on the OSD ------------------------------------------

    def _say(self, text: str) -> None:
        self.osd.flash(text, self._player, self._vlc)

    def _step(self, delta_ms: int) -> None:
        if not self.can_seek():
            return
        self.seek(self._position_ms + delta_ms)
        sign = "+" if delta_ms > 0 else "−"
        self._say(f"{sign}{abs(delta_ms) // 1000} s")

    def _go_to(self, ms: int) -> None:
        if self.can_seek():
            self.seek(ms)
            self._say("Start" if ms == 0 else "End")

    def _speed_step(self, direction: int) -> None:
        here = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self._speed))
        rate = SPEEDS[max(0, min(len(SPEEDS) - 1, here + direction))]
        self.set_speed(rate)
        self._say(f"Speed {speed_label(rate)}")

    def _volume_step(self, delta: int) -> None:
        self.set_volume(self._volume + delta)
        self._say(f"Volume {self._volume}%")

    def _toggle_mute(self) -> None:
        self.set_muted(not self._muted)
        self._say("Muted" if self._muted else f"Volume {self._volume}%")

    def _frame(self, direction: int) -> None:
        """One frame on (libVLC's frame step) or back (a precise seek one frame earlier);
        while playing, the first press pauses, as in mpv."""
        if self._player is None or self._state not in (PLAYING, PAUSED):
            return
        if self._state == PLAYING:
            self.pause()
            self._say("Paused")
            return
        if direction > 0:
            self._player.next_frame()
            self._say("Next frame")
        elif self.can_seek():
            fps = float(self._player.get_fps() or 0)
            frame_ms = round(1000 / fps) if fps > 1 else FRAME_MS_FALLBACK
            self.seek(max(0, self._position_ms - frame_ms))
            self._say("Previous frame")
