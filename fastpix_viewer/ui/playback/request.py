"""Plain data for the player: its states, its messages and what a play request holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QPixmap

# Panel states (strings so the smoke test can print them as they are).
IDLE, OPENING, PLAYING, PAUSED, STOPPED, ENDED, ERROR = (
    "idle", "opening", "playing", "paused", "stopped", "ended", "error")

MSG_PLAY_FAILED = ("This stream could not be played: the player could not open or decode it. "
                   "Check the connection and try again.")
MSG_EMPTY = "The stream ended before anything could be played (it reported a length of 0)."
MSG_LIVE_ENDED = "The live stream has ended or is not sending video right now."


@dataclass(frozen=True)
class PlayRequest:
    url: str
    live: bool = False
    dvr_available: bool = False
    audio_only: bool = False
    poster: QPixmap | None = None
    title: str = ""
    start_ms: int = 0


def decode_tracks(description: Any) -> list[tuple[int, str]]:
    """libVLC's [(id, b'name'), ...] without the (-1, 'Disable') entry."""
    tracks = []
    for track_id, name in description or ():
        if track_id == -1:
            continue
        text = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
        tracks.append((int(track_id), text))
    return tracks
