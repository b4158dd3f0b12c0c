"""The on-screen display: a short note saying what a key just changed ("Volume 80%",
"Speed 1.5x", "+10 s"), gone after a moment, like VLC's and mpv's.

It is drawn twice: by libVLC's marquee onto the video itself (the only place that stays on
top of libVLC's native video window, full screen too), and in the control row's status
label (seen when no video is drawn, e.g. audio-only, and by tests: dummy outputs draw
nothing). A plain Qt label over the video would sit under libVLC's native window on X11,
and a native one makes Qt re-stack its siblings.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

log = logging.getLogger(__name__)

SHOW_MS = 1500
_TOP_LEFT = 1 | 4  # libVLC marquee position bits: left | top


class Osd:
    """Says one short note at a time on the video and in `label`."""

    def __init__(self, label: QLabel) -> None:
        self._label = label
        self._text = ""
        self._timer = QTimer(label)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOW_MS)
        self._timer.timeout.connect(self._clear)

    def text(self) -> str:
        """The note shown now ("" when none)."""
        return self._text

    def flash(self, text: str, player: Any = None, vlc: Any = None) -> None:
        self._text = text
        self._label.setText(text)
        self._timer.start()
        if player is not None and vlc is not None:
            try:
                option = vlc.VideoMarqueeOption
                player.video_set_marquee_int(option.Enable, 1)
                player.video_set_marquee_int(option.Position, _TOP_LEFT)
                player.video_set_marquee_int(option.Timeout, SHOW_MS)
                player.video_set_marquee_string(option.Text, text)
            except (AttributeError, OSError) as problem:  # an older libVLC without marquee
                log.debug("no libVLC marquee: %s", problem)

    def _clear(self) -> None:
        if self._label.text() == self._text:
            self._label.setText("")
        self._text = ""
