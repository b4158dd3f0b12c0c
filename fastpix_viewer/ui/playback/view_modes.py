"""The player panel's view modes: what the video area shows (video, poster or a message,
and whose message it is), full screen (the video alone: fullscreen.py) and snapshots of
the current frame, with the short status notes they leave.

A mixin of `PlayerPanel` (panel.py). Main thread only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog

from fastpix_viewer.ui.playback.request import PAUSED, PLAYING, STOPPED, MessageOwner
from fastpix_viewer.ui.playback.snapshots import folder_problem


class ViewModes:
    """Messages, full screen and snapshots."""

    def is_fullscreen(self) -> bool:
        return self._fullscreen

    def set_fullscreen(self, on: bool) -> None:
        """Full screen of the video alone: the rest of the panel's window hides (fullscreen.py)
        and the controls show on mouse movement (the video widget is never reparented, so
        libVLC keeps its native window)."""
        on = bool(on)
        if on == self._fullscreen:
            self.controls.fullscreen_button.setChecked(on)
            return
        window = self.window()
        if on:
            self._was_maximized = window.isMaximized()
            self._video_only.enter()  # the video alone: everything else in the window hides
            window.showFullScreen()
        else:
            self._video_only.leave()
            if self._was_maximized:
                window.showMaximized()
            else:
                window.showNormal()
        self._fullscreen = on
        self._leave_fullscreen.setEnabled(on)
        self.controls.fullscreen_button.setChecked(on)
        self.fullscreenChanged.emit(on)

    def toggle_fullscreen(self) -> None:
        self.set_fullscreen(not self._fullscreen)

    def take_snapshot(self, path: str | Path | None = None) -> str | None:
        """Save the current video frame as PNG; returns the path, or None.

        Without `path`: into `snapshot_dir` if set, else wherever the user picks.
        """
        if self._player is None or self._state not in (PLAYING, PAUSED) or not self._vout_count:
            self._snapshot_failed("Nothing to snapshot: no video is showing.")
            return None
        if path is None:
            name = time.strftime("fastpix-snapshot-%Y%m%d-%H%M%S.png")
            if self.snapshot_dir is not None:
                problem = folder_problem(self.snapshot_dir)
                if problem is not None:
                    self._snapshot_failed(problem)
                    return None
                namer = self.snapshot_namer  # snapshots.py: "<title> <position>.png"
                path = self.snapshot_dir / (namer(self.snapshot_dir) if namer is not None else name)
            else:
                chosen, _ = QFileDialog.getSaveFileName(
                    self, "Save snapshot", str(Path.home() / name), "PNG image (*.png)")
                if not chosen:
                    return None
                path = chosen
        path = str(path)
        if not path.lower().endswith(".png"):
            path += ".png"
        if self._player.video_take_snapshot(0, path, 0, 0) != 0 or not Path(path).is_file():
            self._snapshot_failed("The snapshot failed: libVLC saved no frame (no video frame yet?).")
            return None
        self._flash_status(f"Snapshot saved: {Path(path).name}")
        self.snapshotSaved.emit(path)
        return path

    def _snapshot_failed(self, text: str) -> None:
        self._flash_status(text)
        self.snapshotFailed.emit(text)

    def _flash_status(self, text: str) -> None:
        self.controls.status_label.setText(text)
        QTimer.singleShot(4000, self, lambda: self.controls.status_label.text() == text
                          and self.controls.status_label.setText(""))

    # -- what the video area shows ---------------------------------------------------

    def show_message(
        self, text: str, retry: Callable[[], None] | None = None, *, keep_request: bool = False,
        action: str = "Retry", owner: MessageOwner = MessageOwner.OWNER,
    ) -> None:
        """Replace the video with `text` (shown literally); a Retry button if `retry` is given.

        Stops playback: the message is what the user now sees instead of the video.
        Unless `keep_request` (the panel's own playback failures, whose Retry replays),
        the previous item is forgotten, so Play/Space cannot start a video the user
        has already left and the time label no longer shows its position. `owner` says
        whose Retry it is (`message_owner()`): the owner's unless the panel's own failure.
        """
        if self._has_input():
            self._halt(in_background=True)
            self._set_state(STOPPED)
        if not keep_request:
            self._forget_request()
        self._retry = retry
        self._message_owner = owner
        self.video_area.show_message(text, retry=retry is not None, action=action)

    def _forget_request(self) -> None:
        self._request = None
        self._length = 0
        self._refresh_time(0, 0)
        self._update_controls()

    def clear_message(self) -> None:
        self._retry = None
        self._message_owner = MessageOwner.NONE
        self.video_area.show_message("", retry=False)
        self._show_media_page()

    def message(self) -> str:
        """The message shown in the video area ("" when video or poster is shown)."""
        return self.video_area.message()

    def message_owner(self) -> MessageOwner:
        """Whose message is shown: the panel's own playback failure (its Retry replays) or the
        owner's (the owner's retry callback acts); NONE when no message is shown."""
        return self._message_owner if self.message() else MessageOwner.NONE

    def hide_title(self) -> None:
        """No title above the video (the owner's message names the item itself)."""
        self.title_label.setVisible(False)

    def show_video(self) -> None:
        """The video page (not a poster or message) in the video area."""
        self.video_area.show_video()

    def _show_media_page(self) -> None:
        request = self._request
        if request is not None and request.audio_only:
            self.video_area.show_poster(request.poster)
        else:
            self.video_area.show_video()
