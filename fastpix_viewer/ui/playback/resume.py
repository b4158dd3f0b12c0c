"""Resume: reopening a media offers to continue where it stopped, as a banner above the video
("Resume at 1:23" [Resume] [×]) that never blocks, never pauses and goes away by itself.

Positions are kept per workspace (workspace_memory.py) for the last `KEEP` media: written
when playback pauses, stops, ends or moves to another media, and when the window closes. A
media watched to (nearly) its end, or barely started, is forgotten: there is nothing to
resume. Live streams have no position to keep.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.playback.request import format_ms
from fastpix_viewer.ui.playback.workspace_memory import WorkspaceMemory

KEEP = 200  # media whose position is kept
MIN_MS = 3000  # less than this in: start over, nothing to offer
END_MARGIN_MS = 5000  # this close to the end (a tenth of a short media): watched, forget it
OFFER_MS = 12000  # the banner goes away after this
SAVE_LATER_MS = 1500  # a replaced media's position is written this long after the new play
TRACK_MS = 250  # how often the position is noted while playing or paused (a dict update, no I/O)


class ResumePositions:
    """media ID -> position (ms), most recent last, in a workspace's memory."""

    def __init__(self, memory: WorkspaceMemory) -> None:
        self._memory = memory
        try:
            loaded = json.loads(memory.get("positions", "{}"))
        except ValueError:
            loaded = {}
        self._positions: dict[str, int] = {
            str(k): int(v) for k, v in (loaded.items() if isinstance(loaded, dict) else ())
            if isinstance(v, int | float)}
        self._written = self._text()

    def get(self, media_id: str) -> int:
        return self._positions.get(media_id, 0)

    def note(self, media_id: str, position_ms: int, length_ms: int) -> None:
        """Remember where `media_id` stopped (in memory; `save()` writes it)."""
        self._positions.pop(media_id, None)
        finished = length_ms > 0 and position_ms >= length_ms - min(END_MARGIN_MS, length_ms // 10)
        if position_ms >= MIN_MS and not finished:
            self._positions[media_id] = int(position_ms)
        while len(self._positions) > KEEP:
            self._positions.pop(next(iter(self._positions)))

    def save(self) -> None:
        """Write the positions, unless they are what was last written (a write is a settings
        file sync, ~2 ms of disk on the main thread)."""
        text = self._text()
        if text != self._written:
            self._memory.set("positions", text)
            self._written = text

    def _text(self) -> str:
        return json.dumps(self._positions, separators=(",", ":"))


class ResumeBanner(QFrame):
    """"Resume at 1:23" with a Resume button and a close button."""

    resumeClicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resumeBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setObjectName("resumeLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.resume_button = QPushButton("Resume", self)
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the player
        self.resume_button.clicked.connect(self.resumeClicked)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("resumeCloseButton")
        self.close_button.setText("×")
        self.close_button.setToolTip("Keep playing from the start")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.close_button)
        self.hide()


class Resume(QObject):
    """Notes positions of the media that play in `window.player`, offers them back."""

    def __init__(self, window: Any, memory: WorkspaceMemory) -> None:
        super().__init__(window)
        self._window = window
        self._panel = window.player
        self.positions = ResumePositions(memory)
        self._request: Any = None  # the panel's request of the media below
        self._media_id = ""
        self._offer_ms = 0
        self._offered = False
        self.banner = ResumeBanner(self._panel)
        self._panel.layout().insertWidget(1, self.banner)  # between the title and the video
        self.banner.resumeClicked.connect(self.resume)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(OFFER_MS)
        self._hide_timer.timeout.connect(self.banner.hide)
        self._tracker = QTimer(self)
        self._tracker.setInterval(TRACK_MS)
        self._tracker.timeout.connect(self._note)
        # Moving to another media writes the previous one's position a moment later, not in
        # the middle of the new one's opening (issue 15: the first frame).
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_LATER_MS)
        self._save_timer.timeout.connect(self.positions.save)
        self._panel.stateChanged.connect(self._on_state)
        window.destroyed.connect(self._tracker.stop)

    def offer_ms(self) -> int:
        """The position the banner offers (0: no offer shown)."""
        return self._offer_ms if self.banner.isVisibleTo(self._panel) else 0

    def resume(self) -> None:
        if self._offer_ms and self._panel.request() is self._request:
            self._panel.seek(self._offer_ms)
        self.banner.hide()

    def save_now(self) -> None:
        """Note the position of what plays and write every position (the window is closing)."""
        self._note()
        self._save_timer.stop()
        self.positions.save()

    def _on_state(self, state: str) -> None:
        request = self._panel.request()
        if request is not None and request is not self._request and state in ("opening", "playing"):
            # A new play (the state may stay "opening" from one open to the next: check here too).
            self._leave()
            self._begin(request)
        if request is not self._request or not self._media_id:
            return
        if state == "playing":
            self._tracker.start()
            if self._offer_ms and not self._offered:
                self._offered = True
                self._show_offer()
        elif state in ("paused", "stopped", "ended", "error"):
            if state != "paused":  # paused, a seek still moves the position
                self._tracker.stop()
            if state == "ended":
                self.positions.note(self._media_id, 0, 0)  # watched to the end: nothing to resume
            else:
                self.positions.note(self._media_id, self._panel.position_ms(), self._panel.length_ms())
            self.positions.save()

    def _begin(self, request: Any) -> None:
        """A new play request: which media it is (none for live streams) and what to offer."""
        controller = self._window.controller
        item = controller.current_item if controller is not None else None
        self._request = request
        self._media_id = item.id if isinstance(item, Media) and request is not None and not request.live else ""
        self.banner.hide()
        self._hide_timer.stop()
        self._offered = False
        saved = self.positions.get(self._media_id) if self._media_id else 0
        # A play that already starts somewhere (a quality change, a retry) is not a reopening.
        self._offer_ms = saved if saved and request is not None and request.start_ms == 0 else 0

    def _show_offer(self) -> None:
        self.banner.label.setText(f"You stopped at {format_ms(self._offer_ms)} last time.")
        self.banner.resume_button.setText(f"Resume at {format_ms(self._offer_ms)}")
        self.banner.show()
        self._hide_timer.start()

    def _leave(self) -> None:
        """The previous media is being replaced: keep where it was."""
        self._tracker.stop()
        if self._media_id:
            self._save_timer.start()

    def _note(self) -> None:
        panel = self._panel
        if not self._media_id or panel.request() is not self._request or panel.state() not in ("playing", "paused"):
            return
        self.positions.note(self._media_id, panel.position_ms(), panel.length_ms())
