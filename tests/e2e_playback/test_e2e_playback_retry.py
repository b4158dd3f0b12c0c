"""Retry and re-open behaviour of the PlaybackController (real sandbox, real libVLC)."""

from __future__ import annotations

from e2e_picks import pick_media, private_only_ready, public_ready
from PySide6.QtCore import Qt

PLAY_TIMEOUT_MS = 15000


def wait_playing(qtbot, panel):
    return qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                            check_params_cb=lambda playing: playing)


def token_of(url: str) -> str:
    return url.split("token=", 1)[1].split("&", 1)[0]


def test_retry_after_a_player_failure_signs_a_fresh_token(qtbot, make_controller, panel, setup_client,
                                                          control):
    media = pick_media(setup_client, private_only_ready)
    pid = next(p.id for p in media.playback_ids)
    controller = make_controller()
    with wait_playing(qtbot, panel):
        controller.open(media)
    first_token = token_of(panel.request().url)

    # The stream host starts refusing this ID; the player itself fails on its next start.
    panel.stop()
    control.faults(f"stream/{pid}*:unauthorized")
    with qtbot.waitSignal(panel.errorOccurred, timeout=PLAY_TIMEOUT_MS):
        panel.toggle_pause()  # Play again, as the user would
    assert panel.retry_button.isVisible()

    control.clear_faults()
    qtbot.wait(1100)  # tokens carry whole-second times: a new one now differs
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.state() == "playing" and token_of(panel.request().url) != first_token,
                    timeout=PLAY_TIMEOUT_MS)
    assert controller.current_plan.signed
    assert token_of(panel.request().url) == controller.current_plan.token


def test_reopening_the_playing_item_does_not_restart_it(qtbot, make_controller, panel, setup_client):
    media = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only)
    controller = make_controller()
    with wait_playing(qtbot, panel):
        controller.open(media)
    qtbot.waitUntil(lambda: panel.time_ms() >= 1500, timeout=8000)
    playing = panel.request()

    refreshed = setup_client.get_media(media.id)  # e.g. the list reloaded and re-selected it
    controller.open(refreshed)
    qtbot.wait(500)
    assert controller.current_item is refreshed
    assert panel.state() == "playing"
    assert panel.time_ms() >= 1500  # still going, not back at the start
    assert panel.request() is playing  # nothing was handed to libVLC again

    # An explicit retry does start over.
    controller.retry()
    qtbot.waitUntil(lambda: panel.request() is not playing, timeout=5000)
    qtbot.waitUntil(lambda: panel.state() == "playing", timeout=PLAY_TIMEOUT_MS)
    assert panel.time_ms() < 1500
