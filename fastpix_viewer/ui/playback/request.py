"""Plain data for the player: its states, its messages and what a play request holds.

Qt-free at run time (QPixmap is only a type here), so the health rules and their unit
tests use it without Qt.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap

# Panel states (strings so the smoke test can print them as they are).
IDLE, OPENING, PLAYING, PAUSED, STOPPED, ENDED, ERROR = (
    "idle", "opening", "playing", "paused", "stopped", "ended", "error")

MSG_PLAY_FAILED = ("This stream could not be played: the player could not open or decode it. "
                   "Check the connection and try again.")
MSG_EMPTY = "The stream ended before anything could be played (it reported a length of 0)."
MSG_LIVE_ENDED = "The live stream has ended or is not sending video right now."



class MessageOwner(enum.Enum):
    """Whose message the video area shows, so a Retry click reaches the one who can act on it."""

    NONE = "none"  # no message (video or poster shown)
    PLAYER = "player"  # the panel's own playback failure: its Retry replays the same request
    OWNER = "owner"  # the owner's (the controller's): its retry callback does the work


def format_ms(ms: int) -> str:
    """00:07, 12:34 or 1:02:03 for a millisecond count (negative counts as 0)."""
    seconds = max(0, int(ms)) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True)
class PlayRequest:
    url: str
    live: bool = False
    dvr_available: bool = False
    audio_only: bool = False
    poster: QPixmap | None = None
    title: str = ""
    start_ms: int = 0
    tracks: tuple[Any, ...] = ()  # the media's API tracks (records.Track): names for the menus


def decode_tracks(description: Any) -> list[tuple[int, str]]:
    """libVLC's [(id, b'name'), ...] without the (-1, 'Disable') entry."""
    tracks = []
    for track_id, name in description or ():
        if track_id == -1:
            continue
        text = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
        tracks.append((int(track_id), text))
    return tracks
