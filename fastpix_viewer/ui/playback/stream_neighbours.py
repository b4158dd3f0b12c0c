"""Next / Previous recording of the same stream (Shift+N / Shift+P, Playback menu): from the
recording that plays (or is selected) to the one its stream made after or before it, in the
stream's own order (`mediaIds`, oldest first), played straight away; failed recordings are
passed over.

A recording's stream is its `streamId`, or the stream whose `mediaIds` lists it (FastPix's
docs example has no `streamId`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from fastpix_viewer.api.models import LiveStream, Media

NEXT_KEYS = "Shift+N"
PREVIOUS_KEYS = "Shift+P"


def neighbour_id(stream: LiveStream, media_id: str, step: int, skip: Callable[[str], bool] = lambda _id: False) -> str | None:
    """The recording `step` (1 or -1) places from `media_id` in `stream`'s recordings, passing
    over those `skip` says (failed ones: nothing to play there), or None."""
    ids = list(stream.media_ids)
    if media_id not in ids:
        return None
    index = ids.index(media_id) + step
    while 0 <= index < len(ids) and skip(ids[index]):
        index += step
    return ids[index] if 0 <= index < len(ids) else None


class StreamNeighbours(QObject):
    """The two actions (objectNames nextRecordingAction, previousRecordingAction) on `window`."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self.next_action = self._action("nextRecordingAction", "&Next recording of the stream", NEXT_KEYS, 1)
        self.previous_action = self._action("previousRecordingAction", "&Previous recording of the stream",
                                            PREVIOUS_KEYS, -1)

    def _action(self, name: str, text: str, keys: str, step: int) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: self.go(step))
        self._window.addAction(action)
        self._window.menu("&Playback").addAction(action)
        return action

    def current_recording(self) -> Media | None:
        controller = self._window.controller
        playing = controller.current_item if controller is not None else None
        item = playing if isinstance(playing, Media) else self._window.current_item()
        return item if isinstance(item, Media) else None

    def stream_of(self, media: Media) -> LiveStream | None:
        stream_id = media.stream_id or self._window.recording_index.stream_of(media.id)
        streams = self._window.streams_model
        stream = streams.object_for_id(stream_id) if stream_id else None
        if not isinstance(stream, LiveStream) or media.id not in stream.media_ids:
            stream = next((s for s in streams.objects() if isinstance(s, LiveStream) and media.id in s.media_ids), None)
        return stream

    def _find(self, media_id: str) -> Any:
        return (self._window.media_model.object_for_id(media_id)
                or self._window.recordings_model.object_for_id(media_id))

    def go(self, step: int) -> Media | None:
        """Play the recording `step` away (1 next, -1 previous); says why not in the status bar."""
        media = self.current_recording()
        stream = self.stream_of(media) if media is not None else None
        if media is None or stream is None:
            self._window.show_status("Next / previous recording: play a recording of a live stream first.")
            return None
        target_id = neighbour_id(stream, media.id, step, lambda mid: getattr(self._find(mid), "is_failed", False))
        if target_id is None:
            which = "latest" if step > 0 else "first"
            self._window.show_status(f"This is the {which} playable recording of the stream.")
            return None
        target = self._find(target_id)
        if not isinstance(target, Media):
            self._window.show_status("That recording is not loaded yet; try again when the list has loaded.")
            return None
        self._window.play_item(target)
        return target
