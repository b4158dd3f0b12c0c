"""PlaybackController end to end: sandbox recordings over real HTTP, real libVLC (dummy
outputs), every FastPix request made off the Qt main thread."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from e2e_picks import (
    drm_only,
    multi_rendition,
    multilang,
    pick_media,
    private_only_ready,
    public_ready,
)
from PySide6.QtCore import Qt

from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.playback.controller import MSG_READY_NOW
from fastpix_viewer.ui.playback.video_area import POSTER

PLAY_TIMEOUT_MS = 15000


def open_and_wait_playing(qtbot, controller, panel, item, **kwargs):
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                          check_params_cb=lambda playing: playing):
        controller.open(item, **kwargs)


def playback_id_in_url(panel) -> str:
    url = panel.request().url
    return url.split("/stream/", 1)[1].split(".m3u8", 1)[0]


def test_guard_fails_requests_on_the_main_thread(make_client, guard, setup_client):
    """The guard the other tests rely on really trips (then is reset for this test)."""
    media = pick_media(setup_client, public_ready)
    client = make_client()
    with pytest.raises(AssertionError, match="main thread"):
        client.get_media(media.id)
    assert guard.violations
    guard.violations.clear()


def test_ready_recording_plays_with_its_length_and_seeks(qtbot, make_controller, panel, setup_client, guard):
    media = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only)
    controller = make_controller()
    statuses: list[str] = []
    controller.statusChanged.connect(statuses.append)

    open_and_wait_playing(qtbot, controller, panel, media)

    assert panel.state() == "playing"
    assert controller.current_item is media
    pid = playback_id_in_url(panel)
    assert pid in {p.id for p in media.playback_ids}
    # No pre-flight: a ready public recording goes straight to libVLC, which played it.
    assert f"/stream/{pid}.m3u8" not in guard.requests
    qtbot.waitUntil(lambda: panel.length_ms() > 0, timeout=5000)
    assert abs(panel.length_ms() - media.duration * 1000) <= 1000
    assert panel.title_label.text() == item_title(media)
    assert panel.message() == ""
    assert any(s.startswith("Playing") for s in statuses)

    qtbot.waitUntil(panel.can_seek, timeout=5000)
    panel.seek(5000)
    qtbot.waitUntil(lambda: panel.time_ms() >= 5000, timeout=5000)
    qtbot.waitUntil(lambda: panel.controls.time_label.text().startswith("00:05"), timeout=3000)

    # The status bar follows a pause and the resume (it kept saying "Playing" while paused).
    panel.toggle_pause()
    qtbot.waitUntil(lambda: panel.state() == "paused", timeout=5000)
    assert statuses[-1].startswith(f"Paused “{item_title(media)}” at 00:0")
    panel.toggle_pause()
    qtbot.waitUntil(lambda: panel.state() == "playing", timeout=5000)
    assert statuses[-1] == f"Playing “{item_title(media)}”"


def test_a_ready_public_recording_starts_at_once_without_a_pre_flight(qtbot, make_controller, panel,
                                                                      setup_client, control, guard):
    """libVLC is told to play when the user asks, not after the pre-flight's round trip to the
    stream host (issue 15: that round trip came before the first frame). The pre-flight runs
    only when libVLC fails, to say why (the 404 and not-ready tests)."""
    media = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only)
    pid = next(p.id for p in media.playback_ids if p.access_policy == "public")
    control.faults(f"stream/{pid}.m3u8:latency=1500ms")
    controller = make_controller()
    controller.open(media)
    # No answer can have come back yet: the stream host holds every playlist request 1.5 s.
    assert panel.state() == "opening"
    assert f"/stream/{pid}.m3u8" in panel.request().url
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS, check_params_cb=lambda playing: playing):
        pass
    assert panel.message() == ""
    # Only libVLC asked for the playlist (the guard sees the app's own requests): nothing
    # failed, so there was nothing to explain.
    assert f"/stream/{pid}.m3u8" not in guard.requests


def test_multilang_recording_lists_both_audio_languages_and_the_subtitle(qtbot, make_controller, panel,
                                                                         setup_client):
    media = pick_media(setup_client, multilang)
    controller = make_controller()
    open_and_wait_playing(qtbot, controller, panel, media)
    qtbot.waitUntil(lambda: len(panel.audio_tracks()) >= 2 and len(panel.subtitle_tracks()) >= 1,
                    timeout=8000)
    audio = " | ".join(name for _, name in panel.audio_tracks())
    assert "English" in audio and ("Spanish" in audio or "Español" in audio), audio
    assert any("English" in name for _, name in panel.subtitle_tracks())
    # The control bar's menus are filled from the same report.
    qtbot.waitUntil(lambda: len(panel.controls.audio_menu.actions()) >= 2, timeout=3000)


def variant_heights(url: str) -> set[int]:
    """The video heights the stream host offers at `url` (what libVLC can choose from)."""
    text = httpx.get(url, timeout=10).text
    return {int(h) for h in re.findall(r"RESOLUTION=\d+x(\d+)", text)}


def test_quality_cap_rebuilds_the_url_and_resumes_where_it_was(qtbot, make_controller, panel, setup_client):
    media = pick_media(setup_client, multi_rendition)
    controller = make_controller()
    open_and_wait_playing(qtbot, controller, panel, media)
    assert "maxResolution" not in panel.request().url  # Auto: no cap
    assert max(variant_heights(panel.request().url)) == 1080
    qtbot.waitUntil(lambda: panel.time_ms() >= 2000, timeout=8000)

    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                          check_params_cb=lambda playing: playing):
        panel.set_quality("480p", emit=True)
    assert "maxResolution=480p" in panel.request().url
    assert max(variant_heights(panel.request().url)) == 480
    assert panel.request().start_ms >= 2000  # resumes where it was, not from the start
    qtbot.waitUntil(lambda: 0 < panel.vlc_player().video_get_size(0)[1] <= 480, timeout=8000)
    qtbot.waitUntil(lambda: panel.time_ms() >= 2000, timeout=5000)
    assert panel.state() == "playing"


def test_private_recording_plays_only_with_the_signing_key(qtbot, make_controller, panel, setup_client,
                                                           guard, caplog):
    caplog.set_level(logging.DEBUG)
    media = pick_media(setup_client, private_only_ready)
    statuses: list[str] = []

    without_key = make_controller(signing=False)
    without_key.statusChanged.connect(statuses.append)
    without_key.open(media)
    qtbot.waitUntil(lambda: "add a signing key" in panel.message(), timeout=5000)
    assert item_title(media) in panel.message()
    assert panel.state() != "playing"
    assert not any(path.startswith("/stream/") for path in guard.requests)  # nothing to pre-flight
    without_key.close()

    with_key = make_controller(signing=True)
    with_key.statusChanged.connect(statuses.append)
    open_and_wait_playing(qtbot, with_key, panel, media)
    url = panel.request().url
    assert "token=" in url
    token = url.split("token=", 1)[1].split("&", 1)[0]
    qtbot.waitUntil(lambda: panel.time_ms() > 500, timeout=5000)
    # Signed tokens are never logged nor shown.
    assert all(token not in s for s in statuses)
    assert token not in caplog.text


def test_drm_recording_explains_itself(qtbot, make_controller, panel, setup_client, guard):
    media = pick_media(setup_client, drm_only)
    controller = make_controller()
    controller.open(media)
    qtbot.waitUntil(lambda: "DRM-protected" in panel.message(), timeout=5000)
    message = panel.message()
    assert "DRM-protected: not playable here; use the share link." in message
    assert "https://play.fastpix.com/?playbackId=" in message
    assert not panel.retry_button.isVisible()  # retrying cannot help
    assert panel.state() != "playing"
    assert not any(path.startswith("/stream/") for path in guard.requests)


def test_audio_only_media_shows_a_poster(qtbot, make_controller, panel, setup_client, guard):
    media = pick_media(setup_client, lambda m: public_ready(m) and m.is_audio_only)
    controller = make_controller()
    open_and_wait_playing(qtbot, controller, panel, media)
    assert panel.video_area.page() == POSTER
    assert panel.poster_label.isVisible()
    pixmap = panel.poster_label.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    assert panel.poster_label.text() == ""  # an image, not the "Audio only" caption
    image = pixmap.toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 2  # a real picture, not a black box
    assert any("/image/" in path and "thumbnail" in path for path in guard.requests)
    qtbot.waitUntil(lambda: panel.time_ms() > 500, timeout=5000)


def test_without_autoplay_a_ready_recording_is_offered(qtbot, make_controller, panel, setup_client):
    media = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only)
    controller = make_controller()
    controller.open(media, autoplay=False)
    assert MSG_READY_NOW in panel.message()
    assert panel.retry_button.isVisible()
    assert panel.state() != "playing"
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                          check_params_cb=lambda playing: playing):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)


def test_close_stops_the_player(qtbot, make_controller, panel, setup_client):
    media = pick_media(setup_client, lambda m: public_ready(m) and not m.is_audio_only)
    controller = make_controller()
    open_and_wait_playing(qtbot, controller, panel, media)
    controller.close()
    assert controller.current_item is None
    assert panel.state() == "stopped"
    assert panel.message() == ""

