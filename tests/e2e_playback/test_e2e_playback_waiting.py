"""PlaybackController end to end: items that are not playable yet (processing, failed,
preparing or idle streams), pre-flight failures with Retry, stale answers, live streams."""

from __future__ import annotations

import dataclasses

from e2e_picks import pick_media, pick_stream, policies, processing_upload, public_ready
from PySide6.QtCore import Qt

from fastpix_viewer.api.models import MediaState, StreamState
from fastpix_viewer.sandbox.seed import HOSTILE_TITLE
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.playback.controller import (
    MSG_FAILED,
    MSG_PROCESSING,
    MSG_STREAM_NOT_LIVE,
    MSG_STREAM_PREPARING,
)

PLAY_TIMEOUT_MS = 15000


def wait_playing(qtbot, panel):
    return qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                            check_params_cb=lambda playing: playing)


def pid_of(item) -> str:
    return next(p.id for p in item.playback_ids if p.access_policy == "public")


def requests_for(guard, media_id: str) -> int:
    return sum(1 for path in guard.requests if path.endswith(f"/on-demand/{media_id}"))


def test_processing_recording_shows_its_message_then_plays_once_ready(qtbot, make_controller, panel,
                                                                      setup_client, control, guard):
    media = pick_media(setup_client, processing_upload)
    controller = make_controller()
    controller.open(media)
    assert MSG_PROCESSING in panel.message()
    assert item_title(media) in panel.message()
    assert panel.state() != "playing"
    # It keeps checking (in the background) while the sandbox still says Processing.
    qtbot.waitUntil(lambda: requests_for(guard, media.id) >= 2, timeout=5000)
    assert MSG_PROCESSING in panel.message()

    control.processing_delay(0.5)
    with wait_playing(qtbot, panel), qtbot.waitSignal(controller.itemUpdated, timeout=PLAY_TIMEOUT_MS) as updated:
        pass
    fresh = updated.args[0]
    assert fresh.id == media.id and fresh.is_ready
    assert controller.current_item.is_ready
    assert panel.message() == ""
    qtbot.waitUntil(lambda: panel.length_ms() > 0, timeout=5000)
    assert abs(panel.length_ms() - fresh.duration * 1000) <= 1000


def test_a_recording_turning_ready_does_not_play_after_the_user_moved_on(qtbot, make_controller, panel,
                                                                        setup_client, control, guard):
    waiting = pick_media(setup_client, processing_upload)
    other = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only)
    controller = make_controller()
    updates: list = []
    controller.itemUpdated.connect(updates.append)
    controller.open(waiting)
    qtbot.waitUntil(lambda: requests_for(guard, waiting.id) >= 1, timeout=5000)

    with wait_playing(qtbot, panel):
        controller.open(other)
    checks = requests_for(guard, waiting.id)
    control.processing_delay(0)  # the first media is Ready from now on
    qtbot.wait(1500)  # several of the test's 300 ms poll intervals

    assert requests_for(guard, waiting.id) == checks  # polling stopped with the new open
    assert updates == []
    assert controller.current_item is other
    assert pid_of(other) in panel.request().url
    assert panel.state() == "playing"


def test_failed_recording_explains_without_retry(qtbot, make_controller, panel, setup_client, guard):
    media = pick_media(setup_client, lambda m: m.is_failed and not m.is_clip)
    controller = make_controller()
    controller.open(media)
    assert MSG_FAILED in panel.message()
    assert not panel.retry_button.isVisible()
    qtbot.wait(700)
    assert not any(path.startswith("/stream/") for path in guard.requests)


def test_not_ready_preflight_becomes_a_message_and_retry_plays(qtbot, make_controller, panel,
                                                              setup_client, control):
    from fastpix_viewer.api.errors import StreamNotReady

    processing = pick_media(setup_client, processing_upload)
    # A list row from earlier that already says Ready, while the stream host disagrees.
    stale_row = dataclasses.replace(processing, status="Ready", state=MediaState.READY)
    controller = make_controller()
    controller.open(stale_row)
    qtbot.waitUntil(lambda: StreamNotReady.default_message in panel.message(), timeout=8000)
    assert panel.retry_button.isVisible()
    assert panel.state() != "playing"

    control.processing_delay(0)
    with wait_playing(qtbot, panel):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert panel.message() == ""
    assert pid_of(processing) in panel.request().url


def test_404_preflight_becomes_a_message_and_retry_recovers(qtbot, make_controller, panel,
                                                           setup_client, control):
    from fastpix_viewer.api.errors import PlaybackNotFound

    media = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only)
    control.faults(f"stream/{pid_of(media)}.m3u8:notfound")
    controller = make_controller()
    controller.open(media)
    qtbot.waitUntil(lambda: PlaybackNotFound.default_message in panel.message(), timeout=8000)
    assert panel.retry_button.isVisible()
    assert control.counters()["faults"].get("notfound", 0) >= 1

    control.clear_faults()
    with wait_playing(qtbot, panel):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert panel.message() == ""


def test_hostile_title_stays_literal_text_in_the_player(qtbot, make_controller, panel, setup_client, control):
    media = pick_media(setup_client, lambda m: m.title == HOSTILE_TITLE)
    control.faults(f"stream/{pid_of(media)}.m3u8:notfound")
    controller = make_controller()
    controller.open(media)
    qtbot.waitUntil(lambda: "does not know this playback ID" in panel.message(), timeout=8000)
    assert panel.message().startswith(HOSTILE_TITLE + "\n")  # the markup, character for character
    assert panel.message_label.textFormat() == Qt.TextFormat.PlainText

    control.clear_faults()
    with wait_playing(qtbot, panel):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert panel.title_label.text() == HOSTILE_TITLE
    assert panel.title_label.textFormat() == Qt.TextFormat.PlainText


def test_stale_preflight_answer_is_dropped(qtbot, make_controller, panel, pool, setup_client, control):
    first = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only)
    second = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only and m.id != first.id)
    control.faults(f"stream/{pid_of(first)}.m3u8:latency=1500ms")
    controller = make_controller()
    statuses: list[str] = []
    controller.statusChanged.connect(statuses.append)

    controller.open(first)
    # The first pre-flight is at the stream host (held there by the latency) when the user moves on.
    qtbot.waitUntil(lambda: control.counters()["faults"].get("latency", 0) >= 1, timeout=5000)
    with wait_playing(qtbot, panel):
        controller.open(second)
    assert pid_of(second) in panel.request().url
    statuses.clear()
    # Let the first media's slow pre-flight come back, then give Qt time to deliver it.
    qtbot.waitUntil(lambda: pool.pending_count() == 0, timeout=8000)
    qtbot.wait(300)

    assert controller.current_item is second
    assert pid_of(second) in panel.request().url
    assert panel.state() == "playing"
    assert panel.message() == ""
    assert not any(item_title(first) in s for s in statuses)  # nothing said about the first


def test_idle_stream_says_it_is_not_live(qtbot, make_controller, panel, setup_client, guard):
    stream = pick_stream(setup_client, lambda s: s.state is StreamState.IDLE)
    controller = make_controller()
    controller.open(stream)
    assert MSG_STREAM_NOT_LIVE in panel.message()
    assert panel.state() != "playing"
    qtbot.wait(700)
    assert not any(path.startswith("/stream/") for path in guard.requests)


def test_live_stream_goes_live_plays_live_and_switches_to_dvr(qtbot, make_controller, panel,
                                                             setup_client, control):
    idle = pick_stream(setup_client, lambda s: s.state is StreamState.IDLE and s.enable_dvr_mode
                       and policies(s) == {"public"})
    control.start_broadcast(idle.stream_id, preparing_seconds=1.0)
    preparing = setup_client.get_stream(idle.stream_id)
    assert preparing.state is StreamState.PREPARING

    controller = make_controller()
    updates: list = []
    controller.itemUpdated.connect(updates.append)
    controller.open(preparing)
    assert MSG_STREAM_PREPARING in panel.message()

    with wait_playing(qtbot, panel):
        pass
    assert updates and updates[-1].state is StreamState.ACTIVE
    assert panel.is_live()
    assert "dvrMode" not in panel.request().url
    qtbot.waitUntil(lambda: panel.controls.time_label.text() == "LIVE", timeout=3000)
    assert not panel.can_seek()  # a live window without DVR
    started = panel.time_ms()
    qtbot.waitUntil(lambda: panel.time_ms() >= started + 1000, timeout=8000)  # time advances

    assert panel.controls.dvr_button.isVisibleTo(panel)
    with wait_playing(qtbot, panel):
        panel.controls.dvr_button.click()
    assert "dvrMode=true" in panel.request().url
    assert panel.dvr_enabled()
    qtbot.waitUntil(lambda: panel.controls.time_label.text().endswith("/ LIVE"), timeout=3000)

    # The encoder disconnects: Retry now explains instead of playing a dead stream.
    control.end_broadcast(idle.stream_id)
    controller.retry()
    qtbot.waitUntil(lambda: MSG_STREAM_NOT_LIVE in panel.message(), timeout=8000)
    assert panel.retry_button.isVisible()
    assert panel.state() != "playing"


def test_a_processing_row_that_failed_meanwhile_stops_polling_with_a_message(qtbot, make_controller, panel,
                                                                            setup_client, guard):
    failed = pick_media(setup_client, lambda m: m.is_failed and not m.is_clip)
    # A list row from before processing failed.
    stale_row = dataclasses.replace(failed, status="Processing", state=MediaState.PROCESSING)
    controller = make_controller()
    controller.open(stale_row)
    assert MSG_PROCESSING in panel.message()
    with qtbot.waitSignal(controller.itemUpdated, timeout=5000) as updated:
        pass
    assert updated.args[0].is_failed
    assert MSG_FAILED in panel.message()
    checks = requests_for(guard, failed.id)
    qtbot.wait(1000)  # several poll intervals
    assert requests_for(guard, failed.id) == checks  # polling stopped


def test_a_deleted_recording_stops_polling_with_a_message(qtbot, make_controller, panel, setup_client):
    import uuid

    from fastpix_viewer.ui.playback.controller import MSG_GONE

    processing = pick_media(setup_client, processing_upload)
    gone = dataclasses.replace(processing, id=str(uuid.UUID(int=1)))
    controller = make_controller()
    controller.open(gone)
    qtbot.waitUntil(lambda: MSG_GONE in panel.message(), timeout=5000)


def test_a_stream_that_stops_while_preparing_says_it_is_not_live(qtbot, make_controller, panel,
                                                                setup_client, control):
    idle = pick_stream(setup_client, lambda s: s.state is StreamState.IDLE)
    control.start_broadcast(idle.stream_id, preparing_seconds=60)
    controller = make_controller()
    controller.open(setup_client.get_stream(idle.stream_id))
    assert MSG_STREAM_PREPARING in panel.message()
    control.end_broadcast(idle.stream_id)
    with qtbot.waitSignal(controller.itemUpdated, timeout=5000) as updated:
        pass
    assert updated.args[0].state is StreamState.IDLE
    assert MSG_STREAM_NOT_LIVE in panel.message()
