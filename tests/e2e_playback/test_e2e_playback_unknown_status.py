"""Statuses outside FastPix's enum (issue 12 item 2): shown as sent; a media whose playlist
answers plays (with a status-bar note); otherwise a visible, cancellable, bounded wait."""

from __future__ import annotations

from e2e_picks import pick_media, policies
from PySide6.QtCore import Qt

from fastpix_viewer.ui.playback.controller import STOP_WAITING

PLAY_TIMEOUT_MS = 15000


def unknown_status(status: str):
    return lambda m: m.status == status and policies(m) == {"public"}


def test_an_unknown_status_with_a_playlist_plays_with_a_note(qtbot, make_controller, panel, setup_client,
                                                             recording_mode):
    media = pick_media(setup_client, unknown_status("Transcoding"))
    assert media.still_processing and not media.status_is_known  # what used to wait forever
    controller = make_controller()
    notes: list[str] = []
    controller.statusChanged.connect(notes.append)
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS, check_params_cb=lambda p: p):
        controller.open(media)
    assert panel.message() == ""
    assert any("FastPix reports status “Transcoding”" in n and "playlist answers" in n for n in notes)


def test_a_lowercase_ready_plays_without_a_note(qtbot, make_controller, panel, setup_client):
    media = pick_media(setup_client, unknown_status("ready"))
    assert media.is_ready and media.status_is_known
    controller = make_controller()
    notes: list[str] = []
    controller.statusChanged.connect(notes.append)
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS, check_params_cb=lambda p: p):
        controller.open(media)
    assert not any("does not know" in n for n in notes)


def test_an_unknown_status_without_a_playlist_waits_visibly_and_can_be_stopped(qtbot, make_controller, panel,
                                                                                setup_client, guard):
    media = pick_media(setup_client, unknown_status("Queued"))
    controller = make_controller()
    controller.open(media)
    qtbot.waitUntil(controller.is_waiting, timeout=5000)
    message = panel.message()
    assert "status “Queued”" in message and "does not serve its playlist" in message
    assert "Waiting since " in message
    button = panel.video_area.retry_button
    assert button.isVisible() and button.text() == STOP_WAITING
    # It keeps asking (the media and its playlist) while the wait lasts.
    before = len(guard.requests)
    qtbot.waitUntil(lambda: sum(1 for p in guard.requests[before:] if p.endswith(".m3u8")) >= 1, timeout=5000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not controller.is_waiting()
    assert panel.message().split("\n\n", 1)[1].startswith("Stopped waiting. FastPix reports status “Queued”")
    assert button.text() == "Retry"
    asked = len(guard.requests)
    qtbot.wait(1000)  # several poll intervals: nothing more is asked
    assert len(guard.requests) == asked


def test_every_wait_is_bounded(qtbot, make_controller, panel, setup_client):
    media = pick_media(setup_client, unknown_status("Queued"))
    controller = make_controller()
    controller.wait_limit_s = 0.5
    controller.open(media)
    qtbot.waitUntil(lambda: "Gave up after waiting" in panel.message(), timeout=10000)
    message = panel.message()
    assert "status “Queued”" in message and "the stream host answered:" in message
    assert not controller.is_waiting() and panel.video_area.retry_button.text() == "Retry"
