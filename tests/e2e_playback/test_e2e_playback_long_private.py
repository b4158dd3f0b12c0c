"""Long private playback (issue 12 item 4): a private recording longer than the token's
lifetime plays to its end without user action, also after seeking near the end and after a
pause longer than the lifetime, whether the stream host checks exp once or on every request."""

from __future__ import annotations

from e2e_picks import pick_media

PLAY_TIMEOUT_MS = 15000
LIFETIME_S = 4  # the client's token lifetime: far shorter than the 12 s recording


def private_recording(m) -> bool:
    return m.title == "Archive: private recording" and m.is_ready


def start(qtbot, make_controller, panel, setup_client):
    """Play the private recording; `panel.states` records every state (an "ended" is brief)."""
    media = pick_media(setup_client, private_recording)
    panel.states = []
    panel.stateChanged.connect(panel.states.append)
    assert media.duration and media.duration > 2 * LIFETIME_S
    controller = make_controller()
    controller._client.token_ttl = LIFETIME_S
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS, check_params_cb=lambda p: p):
        controller.open(media)
    return media, controller


def test_plays_to_its_end_past_the_token_lifetime(qtbot, make_controller, panel, setup_client, token_exp_mode):
    media, _controller = start(qtbot, make_controller, panel, setup_client)
    errors: list[str] = []
    panel.errorOccurred.connect(errors.append)
    qtbot.waitUntil(lambda: "ended" in panel.states, timeout=int(media.duration * 1000) + 20000)
    assert errors == [] and panel.message() == ""
    assert panel.position_ms() >= int(media.duration * 1000) - 1500  # the end, not a stall


def test_a_pause_longer_than_the_lifetime_then_a_seek_near_the_end(qtbot, make_controller, panel, setup_client,
                                                                   sandbox, token_exp_mode):
    media, controller = start(qtbot, make_controller, panel, setup_client)
    qtbot.waitUntil(lambda: panel.time_ms() > 500, timeout=PLAY_TIMEOUT_MS)
    panel.pause()
    qtbot.waitUntil(lambda: panel.state() == "paused", timeout=5000)
    # An hour passes (for the stream host and the app): every token signed so far has expired.
    sandbox.state.workspace.clock_offset = 3600.0
    real_clock = controller.clock
    controller.clock = lambda: real_clock() + 3600.0
    controller._client.wall_clock = lambda: real_clock() + 3600.0
    before = controller.resign_count
    panel.seek(int(media.duration * 1000) - 3000)
    panel.states.clear()
    panel.toggle_pause()  # play again
    qtbot.waitUntil(lambda: controller.resign_count > before, timeout=5000)
    # It continues where it was (near the end), not from the start, with a token valid now.
    qtbot.waitUntil(lambda: panel.request().start_ms >= int(media.duration * 1000) - 4000, timeout=10000)
    qtbot.waitUntil(lambda: "ended" in panel.states, timeout=20000)
    assert panel.message() == ""


def test_a_private_live_stream_keeps_playing_past_the_token_lifetime(qtbot, make_controller, panel, setup_client,
                                                                    token_exp_mode):
    from e2e_picks import pick_stream

    stream = pick_stream(setup_client, lambda s: s.state.value == "active"
                         and {p.access_policy for p in s.playback_ids} == {"private"})
    controller = make_controller()
    controller._client.token_ttl = 6
    errors: list[str] = []
    panel.errorOccurred.connect(errors.append)
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS, check_params_cb=lambda p: p):
        controller.open(stream)
    first_url = panel.request().url
    # Past two lifetimes: the controller replaced the signed URL before each expiry.
    qtbot.waitUntil(lambda: controller.resign_count >= 2, timeout=20000)
    qtbot.waitUntil(lambda: panel.state() == "playing", timeout=PLAY_TIMEOUT_MS)
    assert panel.request().url != first_url and panel.message() == "" and errors == []
