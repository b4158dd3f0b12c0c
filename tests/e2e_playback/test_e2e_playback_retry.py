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


def test_moving_to_another_recording_stops_the_previous_one_off_the_main_thread(
        qtbot, make_controller, panel, pool, setup_client):
    """libVLC's stop() waits for its downloads: 300-900 ms of a frozen window per move or Stop
    in the chaos soak (issue 15). A playing player is swapped for a fresh one and stopped by a
    worker; a stopped one is reused; closing the window stops a playing one on a worker too."""
    import gc
    import threading
    import weakref

    first = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only)
    second = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only and m.id != first.id)
    controller = make_controller()
    stopped_on: list[int] = []

    def reaper(stop_and_release, done):
        def job():
            stopped_on.append(threading.get_ident())
            stop_and_release()
        return pool.run(job, on_done=lambda _r: done())

    panel.set_reaper(reaper)
    with wait_playing(qtbot, panel):
        controller.open(first)
    before = panel.vlc_player()
    with wait_playing(qtbot, panel):
        controller.open(second)
    assert panel.vlc_player() is not before  # the playing one went to the reaper...
    qtbot.waitUntil(lambda: bool(stopped_on), timeout=5000)
    assert stopped_on[0] != threading.main_thread().ident  # ...which stopped it on a worker
    retired = weakref.ref(before)
    del before
    qtbot.waitUntil(lambda: gc.collect() >= 0 and retired() is None, timeout=5000)  # ...and nothing keeps it
    assert pid_in(panel, second)

    panel.stop()  # the Stop button: the same, the window waits for nothing
    qtbot.waitUntil(lambda: len(stopped_on) == 2, timeout=5000)
    assert panel.state() == "stopped"
    idle = panel.vlc_player()
    with wait_playing(qtbot, panel):
        controller.open(first)
    assert panel.vlc_player() is idle  # nothing to wait for: the stopped player is reused

    controller.close(window_closing=True)  # what the window's closeEvent does...
    panel.shutdown()
    assert panel.state() == "stopped" and panel.vlc_player() is None
    qtbot.waitUntil(lambda: len(stopped_on) == 3, timeout=5000)  # ...and the worker stops it
    assert stopped_on[2] != threading.main_thread().ident


def pid_in(panel, media) -> bool:
    return any(p.id in panel.request().url for p in media.playback_ids)
