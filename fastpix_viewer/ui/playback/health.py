"""Playback health rules: when an open, a stream or a recording's end means trouble.

Plain functions on plain numbers (milliseconds, monotonic seconds): no Qt, no libVLC, so
they are unit-tested without either (tests/playback_rules). The panel feeds them what its
poll and libVLC's events report and acts on the verdict.
"""

from __future__ import annotations

import enum

from fastpix_viewer.ui.playback.request import (
    MSG_EMPTY,
    MSG_LIVE_ENDED,
    OPENING,
    PLAYING,
    format_ms,
)

# A stream host that accepts the connection but never answers leaves libVLC "opening" for
# minutes; the user gets a message and Retry instead.
OPEN_TIMEOUT_MS = 20000
# libVLC keeps "playing" with the clock frozen when the stream host stops answering
# mid-stream (a cut network, a hung server): no error event ever comes. The poll notices.
STALL_TIMEOUT_MS = 15000
# A recording that ends this far before its length lost segments (404s, a deleted media).
EARLY_END_MS = 3000
# Opening or playing with the clock still this long: libVLC may be waiting on the network,
# and its stop() would wait with it (see VlcSession's reaper).
STUCK_AFTER_S = 2.0


def open_timeout_text(timeout_ms: int) -> str:
    return (f"The stream did not start within {timeout_ms // 1000} s: the server is not "
            "answering. Check the connection and try again.")


def stall_text(timeout_ms: int) -> str:
    return (f"The video stopped arriving: nothing came from the stream host for {timeout_ms // 1000} s. "
            "Check the connection and try again.")


def clock_moved(state: str, time_ms: int, last_position_ms: int) -> bool:
    """Does this poll restart the stall clock? Anything but "opening or playing with the same
    time as the last poll" counts as progress (paused, stopped, ended are not stalls)."""
    return state not in (OPENING, PLAYING) or (state == PLAYING and time_ms != last_position_ms)


def is_stalled(state: str, progress_at: float, now: float, timeout_ms: int) -> bool:
    """Playing, and the clock has not moved for `timeout_ms` (callers first ask `clock_moved`)."""
    return state == PLAYING and (now - progress_at) * 1000 >= timeout_ms


def may_be_stuck(state: str, progress_at: float, now: float, after_s: float = STUCK_AFTER_S) -> bool:
    """Opening or playing with the clock still for `after_s`: stop() may block on the network."""
    return state in (OPENING, PLAYING) and now - progress_at >= after_s


class EndVerdict(enum.Enum):
    """What libVLC's "end reached" means for what the user sees."""

    ENDED = "ended"  # a recording played to its end
    LIVE_ENDED = "live_ended"  # a live stream has no end: the broadcast stopped
    EMPTY = "empty"  # nothing ever played (a broken file, an empty playlist)
    EARLY = "early"  # a recording stopped short: segments could not be fetched


def judge_end(*, live: bool, length_ms: int, max_time_seen_ms: int, position_ms: int,
              seek_target_ms: int, early_end_ms: int = EARLY_END_MS) -> EndVerdict:
    """libVLC skips segments it cannot fetch and ends early without an error event; the last
    seek counts as reached (libVLC may report the old time for a poll or two after a seek)."""
    if live:
        return EndVerdict.LIVE_ENDED
    if length_ms <= 0 and max_time_seen_ms <= 0:
        return EndVerdict.EMPTY
    if length_ms > 0 and max(position_ms, seek_target_ms) < length_ms - early_end_ms:
        return EndVerdict.EARLY
    return EndVerdict.ENDED


def end_text(verdict: EndVerdict, position_ms: int, length_ms: int) -> str:
    """The message for a verdict other than ENDED."""
    if verdict is EndVerdict.LIVE_ENDED:
        return MSG_LIVE_ENDED
    if verdict is EndVerdict.EMPTY:
        return MSG_EMPTY
    return (f"Playback stopped at {format_ms(position_ms)} of {format_ms(length_ms)}: part of the "
            "recording could not be loaded from the stream host. Retry continues from there.")


# -- signed playback: when to fetch a fresh token ------------------------------------------

# A signed URL is replaced this long before its token expires (at most a quarter of its
# lifetime), continuing at the same position: private live streams and long pauses included.
RESIGN_AHEAD_S = 30.0


def resign_ahead_s(expires_at: float, signed_at: float, ahead_s: float = RESIGN_AHEAD_S) -> float:
    """How long before `expires_at` to re-sign: `ahead_s`, or a quarter of a short lifetime."""
    lifetime = max(1.0, float(expires_at or 0) - signed_at)
    return min(ahead_s, lifetime / 4)


def resign_delay_s(expires_at: float, signed_at: float, now: float) -> float:
    """Seconds from `now` until the re-sign is due (at least 1 s)."""
    return max(1.0, expires_at - now - resign_ahead_s(expires_at, signed_at))


def token_due(expires_at: float | None, signed_at: float, now: float) -> bool:
    """Is a token expiring at `expires_at` (wall-clock seconds) due for re-signing now?"""
    return bool(expires_at) and expires_at - now <= resign_ahead_s(expires_at, signed_at)  # type: ignore[operator, arg-type]
