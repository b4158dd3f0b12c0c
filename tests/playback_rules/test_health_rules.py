"""The player's health rules on plain numbers: no Qt application, no libVLC.

Each case is a situation a user meets: a stream that never starts, a picture that freezes,
a recording that stops short, a signed link that is about to expire.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from fastpix_viewer.ui.playback import health
from fastpix_viewer.ui.playback.health import EndVerdict, judge_end
from fastpix_viewer.ui.playback.request import ENDED, OPENING, PAUSED, PLAYING


def test_the_rules_modules_import_neither_qt_nor_vlc_at_run_time() -> None:
    for module in ("health.py", "request.py"):
        path = Path(health.__file__).with_name(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        runtime_imports = [
            node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
        names = [alias.name for node in runtime_imports for alias in node.names] + [
            node.module or "" for node in runtime_imports if isinstance(node, ast.ImportFrom)]
        assert names, f"{module}: found no imports, so this test checks nothing"
        assert not [n for n in names if n.startswith(("PySide6", "vlc"))], (module, names)


# -- stalls ------------------------------------------------------------------------------

def test_a_frozen_clock_while_playing_is_a_stall_once_the_timeout_passes() -> None:
    assert not health.clock_moved(PLAYING, 12_000, 12_000)
    assert not health.is_stalled(PLAYING, progress_at=100.0, now=114.9, timeout_ms=15_000)
    assert health.is_stalled(PLAYING, progress_at=100.0, now=115.0, timeout_ms=15_000)


def test_a_moving_clock_or_a_pause_restarts_the_stall_clock() -> None:
    assert health.clock_moved(PLAYING, 12_200, 12_000)
    assert health.clock_moved(PAUSED, 12_000, 12_000)  # the user paused: no stall
    assert health.clock_moved(ENDED, 0, 0)
    assert not health.is_stalled(PAUSED, progress_at=0.0, now=1000.0, timeout_ms=15_000)


def test_opening_keeps_the_clock_running_but_is_left_to_the_open_timeout() -> None:
    assert not health.clock_moved(OPENING, 0, 0)
    assert not health.is_stalled(OPENING, progress_at=0.0, now=1000.0, timeout_ms=15_000)


def test_messages_name_the_configured_seconds() -> None:
    assert "within 20 s" in health.open_timeout_text(20_000)
    assert "for 3 s" in health.stall_text(3_000)


# -- a player stuck on the network -------------------------------------------------------

@pytest.mark.parametrize(("state", "still_s", "stuck"), [
    (OPENING, 2.0, True), (PLAYING, 5.0, True), (PLAYING, 1.9, False),
    (PAUSED, 60.0, False), (ENDED, 60.0, False)])
def test_only_an_opening_or_playing_player_with_a_still_clock_may_be_stuck(
        state: str, still_s: float, stuck: bool) -> None:
    assert health.may_be_stuck(state, progress_at=10.0, now=10.0 + still_s) is stuck


# -- the end of a recording --------------------------------------------------------------

def test_a_recording_played_to_its_end_ends() -> None:
    verdict = judge_end(live=False, length_ms=60_000, max_time_seen_ms=59_000,
                        position_ms=58_500, seek_target_ms=0)
    assert verdict is EndVerdict.ENDED


def test_a_recording_that_stops_short_is_an_early_end_naming_where() -> None:
    verdict = judge_end(live=False, length_ms=60_000, max_time_seen_ms=20_000,
                        position_ms=20_000, seek_target_ms=0)
    assert verdict is EndVerdict.EARLY
    assert "stopped at 00:20 of 01:00" in health.end_text(verdict, 20_000, 60_000)


def test_a_seek_near_the_end_counts_even_if_libvlc_still_reports_the_old_time() -> None:
    verdict = judge_end(live=False, length_ms=60_000, max_time_seen_ms=10_000,
                        position_ms=10_000, seek_target_ms=59_000)
    assert verdict is EndVerdict.ENDED


def test_nothing_played_is_an_empty_stream_and_a_live_end_is_the_broadcast_stopping() -> None:
    assert judge_end(live=False, length_ms=0, max_time_seen_ms=0, position_ms=0,
                     seek_target_ms=0) is EndVerdict.EMPTY
    assert judge_end(live=True, length_ms=0, max_time_seen_ms=90_000, position_ms=90_000,
                     seek_target_ms=0) is EndVerdict.LIVE_ENDED
    assert health.end_text(EndVerdict.LIVE_ENDED, 0, 0) != health.end_text(EndVerdict.EMPTY, 0, 0)


# -- re-signing a private playback before its token expires ------------------------------

def test_a_long_lived_token_is_renewed_thirty_seconds_ahead() -> None:
    assert health.resign_ahead_s(expires_at=4600.0, signed_at=1000.0) == 30.0
    assert health.resign_delay_s(expires_at=4600.0, signed_at=1000.0, now=1000.0) == 3570.0
    assert not health.token_due(4600.0, signed_at=1000.0, now=4569.0)
    assert health.token_due(4600.0, signed_at=1000.0, now=4570.0)


def test_a_short_lived_token_is_renewed_a_quarter_of_its_lifetime_ahead() -> None:
    assert health.resign_ahead_s(expires_at=1040.0, signed_at=1000.0) == 10.0
    assert health.token_due(1040.0, signed_at=1000.0, now=1030.0)


def test_an_unsigned_plan_is_never_due_and_a_due_timer_waits_at_least_a_second() -> None:
    assert not health.token_due(None, signed_at=0.0, now=1e12)
    assert health.resign_delay_s(expires_at=1000.0, signed_at=999.0, now=2000.0) == 1.0
