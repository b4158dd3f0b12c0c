"""The player's clip row: In / Out buttons, the two marks as editable times (to the tenth of a
second), the marked length, Clear, Loop and "Create clip…". Widgets only (player_marks.py
wires them).

A mark reads "1:02.5" (minutes, seconds, tenths) or "1:02:03.4" past an hour, and accepts
either form or plain seconds ("62.5") when typed.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QToolButton, QWidget

MAX_SECONDS = 99 * 3600.0  # far past any media; the clip's own checks say what is too long
_TIME = re.compile(r"^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d*)?)\s*s?\s*$")


def format_tenths(seconds: float) -> str:
    """"0:07.5", "12:34.0" or "1:02:03.4" (tenths, rounded)."""
    tenths = max(0, round(seconds * 10))
    whole, tenth = divmod(tenths, 10)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}.{tenth}"
    return f"{minutes}:{secs:02d}.{tenth}"


def parse_time(text: str) -> float | None:
    """Seconds for "62.5", "1:02.5" or "1:02:03.4"; None when it is not a time."""
    match = _TIME.match(text)
    if not match:
        return None
    first, second, last = match.groups()
    parts = [p for p in (first, second) if p is not None]
    seconds = float(last)
    if parts and seconds >= 60:
        return None  # "1:75" is not a time
    for i, part in enumerate(reversed(parts)):
        seconds += int(part) * (60 if i == 0 else 3600)
    return seconds if math.isfinite(seconds) else None


class TimeSpinBox(QDoubleSpinBox):
    """Seconds to the tenth, shown as m:ss.t; arrows step a tenth (PageUp/PageDown: a second)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setDecimals(1)
        self.setRange(0.0, MAX_SECONDS)
        self.setSingleStep(0.1)
        self.setKeyboardTracking(False)  # one change when typing ends, not one per digit
        self.setAccelerated(True)
        self.setSpecialValueText("")  # 0 is a real mark ("0:00.0"), not "unset"

    def textFromValue(self, value: float) -> str:
        return format_tenths(value)

    def valueFromText(self, text: str) -> float:
        seconds = parse_time(text)
        return 0.0 if seconds is None else round(seconds, 1)

    def validate(self, text: str, pos: int) -> object:
        if parse_time(text) is not None:
            return QValidator.State.Acceptable, text, pos
        if re.fullmatch(r"[\d:.\s]*", text):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def fixup(self, text: str) -> str:
        seconds = parse_time(text)
        return format_tenths(seconds if seconds is not None else self.value())


class MarkBar(QWidget):
    """In [time] Out [time] length · Clear · Loop · Create clip… (objectNames for tests)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markBar")

        def button(name: str, text: str, tip: str, checkable: bool = False) -> QToolButton:
            b = QToolButton(self)
            b.setObjectName(name)
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.setCheckable(checkable)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the panel's shortcuts
            return b

        self.in_button = button("markInButton", "In", "Mark the clip's start here (I)")
        self.out_button = button("markOutButton", "Out", "Mark the clip's end here (O)")
        self.in_time = TimeSpinBox("markInTime", self)
        self.in_time.setToolTip("The clip's start (m:ss.t; type to edit, arrows: a tenth)")
        self.out_time = TimeSpinBox("markOutTime", self)
        self.out_time.setToolTip("The clip's end (m:ss.t; type to edit, arrows: a tenth)")
        self.length_label = QLabel("", self)
        self.length_label.setObjectName("markLengthLabel")
        self.length_label.setTextFormat(Qt.TextFormat.PlainText)
        self.clear_button = button("clearMarksButton", "Clear", "Clear the In and Out marks (Shift+X)")
        self.loop_button = button("loopMarksButton", "Loop", "Play the marked range in a loop (Shift+L)",
                                  checkable=True)
        self.clip_button = button("createClipButton", "Create clip…",
                                  "Cut the marked range into a new media on FastPix")

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for w in (self.in_button, self.in_time, self.out_button, self.out_time, self.length_label):
            row.addWidget(w)
        row.addStretch(1)
        for w in (self.clear_button, self.loop_button, self.clip_button):
            row.addWidget(w)

    def show_marks(self, in_ms: int | None, out_ms: int | None) -> None:
        """Show the marks (None: not set, the field is empty and greyed)."""
        for box, ms in ((self.in_time, in_ms), (self.out_time, out_ms)):
            box.blockSignals(True)
            box.setValue(0.0 if ms is None else ms / 1000)
            # The text explicitly: setValue to the value it had (0 after a clear) shows nothing.
            box.lineEdit().setText("" if ms is None else box.textFromValue(box.value()))
            box.setEnabled(ms is not None)
            box.blockSignals(False)
        if in_ms is not None and out_ms is not None:
            length = (out_ms - in_ms) / 1000
            self.length_label.setText(f"{length:.1f} s" if length > 0 else "Out is before In")
        else:
            self.length_label.setText("")
        both = in_ms is not None and out_ms is not None
        self.loop_button.setEnabled(both and out_ms > in_ms)
        self.clear_button.setEnabled(in_ms is not None or out_ms is not None)
        self.clip_button.setEnabled(both)
