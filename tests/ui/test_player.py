"""PlayerPanel on real libVLC (dummy outputs) playing a real ffmpeg-made HLS stream
served over real HTTP on 127.0.0.1."""

from __future__ import annotations

import shutil
import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPixmap

from fastpix_viewer.ui.playback.request import MSG_EMPTY, MSG_PLAY_FAILED, MessageOwner

PLAY_TIMEOUT_MS = 10000


def start(qtbot, panel, url, **kwargs):
    """play() and wait until libVLC reports Playing."""
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                          check_params_cb=lambda playing: playing):
        panel.play(url, **kwargs)


def focus(qtbot, panel):
    panel.activateWindow()
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus, timeout=2000)


def test_play_reaches_playing_with_length_and_time_label(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    assert panel.state() == "playing"
    qtbot.waitUntil(lambda: panel.length_ms() > 0, timeout=5000)
    assert abs(panel.length_ms() - 6000) < 500
    qtbot.waitUntil(lambda: panel.controls.time_label.text().startswith("00:01"), timeout=5000)
    assert panel.controls.time_label.text() == "00:01 / 00:06"
    assert 1000 <= panel.time_ms() < 6000
    assert panel.controls.seek_slider.isEnabled()
    assert panel.controls.seek_slider.maximum() == panel.length_ms()
    assert panel.message() == ""
    assert panel.surface.isVisible()


def test_right_key_and_slider_seek(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    qtbot.waitUntil(panel.can_seek, timeout=5000)
    focus(qtbot, panel)
    # Liveness waits, not speed: a seek fetches new segments, and under a loaded CI machine one
    # took over 5 s once (2026-12-05).
    qtbot.keyClick(panel, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: panel.time_ms() >= 4000, timeout=15000)
    qtbot.keyClick(panel, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: panel.time_ms() < 3000, timeout=15000)
    panel.controls.seek_slider.setValue(4500)  # what a click or a released drag does
    qtbot.waitUntil(lambda: panel.time_ms() >= 4000, timeout=15000)
    qtbot.waitUntil(lambda: panel.controls.time_label.text().startswith("00:04"), timeout=3000)


def test_playback_runs_to_the_end(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    qtbot.waitUntil(panel.can_seek, timeout=5000)
    with qtbot.waitSignal(panel.stateChanged, timeout=8000,
                          check_params_cb=lambda s: s == "ended"):
        panel.seek(5000)
    assert panel.controls.time_label.text() == "00:06 / 00:06"
    assert panel.message() == ""
    # Seeking after the end plays the recording again from there.
    assert panel.controls.seek_slider.isEnabled()
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS):
        panel.controls.seek_slider.setValue(2000)
    qtbot.waitUntil(lambda: panel.time_ms() > 0, timeout=5000)
    assert panel.time_ms() >= 1500


def test_space_and_button_pause_and_resume(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    focus(qtbot, panel)
    with qtbot.waitSignal(panel.stateChanged, check_params_cb=lambda s: s == "paused"):
        qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.controls.play_button.text() == "Play"
    paused_at = panel.time_ms()
    qtbot.wait(600)
    assert panel.time_ms() - paused_at < 300
    with qtbot.waitSignal(panel.stateChanged, check_params_cb=lambda s: s == "playing"):
        qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.controls.play_button.text() == "Pause"
    with qtbot.waitSignal(panel.stateChanged, check_params_cb=lambda s: s == "paused"):
        qtbot.mouseClick(panel.controls.play_button, Qt.MouseButton.LeftButton)


def test_stop_button_stops(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    qtbot.mouseClick(panel.controls.stop_button, Qt.MouseButton.LeftButton)
    assert panel.state() == "stopped"
    qtbot.wait(400)  # a queued Stopped event must not change anything
    assert panel.state() == "stopped"
    assert panel.vlc_player().get_state() == panel._vlc.State.Stopped
    start(qtbot, panel, hls.master)  # play button / play() starts again


def test_volume_and_mute_keys(qtbot, panel, hls):
    # --aout=dummy cannot report a volume back, so this checks what the user
    # sees (slider, mute button) and what the app persists.
    start(qtbot, panel, hls.master)
    panel.set_volume(50)
    focus(qtbot, panel)
    with qtbot.waitSignal(panel.volumeChanged, check_params_cb=lambda v: v == 55):
        qtbot.keyClick(panel, Qt.Key.Key_Up)
    assert panel.controls.volume_slider.value() == 55
    qtbot.keyClick(panel, Qt.Key.Key_Down)
    qtbot.keyClick(panel, Qt.Key.Key_Down)
    assert panel.volume() == 45
    panel.controls.volume_slider.setValue(80)
    assert panel.volume() == 80
    panel.set_volume(500)
    assert panel.volume() == 100
    qtbot.keyClick(panel, Qt.Key.Key_M)
    assert panel.is_muted() and panel.controls.mute_button.isChecked()
    qtbot.mouseClick(panel.controls.mute_button, Qt.MouseButton.LeftButton)
    assert not panel.is_muted()


def test_audio_and_subtitle_menus_list_what_libvlc_reports(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    audio_menu = panel.controls.audio_menu
    qtbot.waitUntil(lambda: len(audio_menu.actions()) == 2, timeout=5000)
    names = [a.text() for a in audio_menu.actions()]
    assert any("English" in n for n in names) and any("Francais" in n for n in names)
    assert [name for _, name in panel.audio_tracks()] == names
    # libVLC reports the subtitle track separately from (and sometimes after) the audio ones.
    qtbot.waitUntil(lambda: len(panel.controls.subtitle_menu.actions()) == 2, timeout=5000)
    subtitles = [a.text() for a in panel.controls.subtitle_menu.actions()]
    assert subtitles[0] == "Off"
    assert len(subtitles) == 2 and "English CC" in subtitles[1]
    assert panel.subtitle_tracks() and "English CC" in panel.subtitle_tracks()[0][1]
    qtbot.waitUntil(lambda: panel.length_ms() > 0, timeout=5000)
    report = panel.playback_report()
    assert report["playing"] is True and report["length_ms"] > 5500
    assert report["audio_tracks"] == names and len(report["subtitle_tracks"]) == 1

    french = next(a for a in audio_menu.actions() if "Francais" in a.text())
    french.trigger()
    qtbot.waitUntil(lambda: panel.current_audio_track() == french.data(), timeout=3000)
    qtbot.waitUntil(lambda: next(a for a in panel.controls.audio_menu.actions()
                                 if "Francais" in a.text()).isChecked(), timeout=3000)
    sub = panel.controls.subtitle_menu.actions()[1]
    sub.trigger()
    qtbot.waitUntil(lambda: panel.current_subtitle_track() == sub.data(), timeout=3000)


def test_404_shows_message_and_retry_replays(qtbot, panel, hls):
    missing = "later.m3u8"
    (hls.root / missing).unlink(missing_ok=True)
    errors = []
    panel.errorOccurred.connect(errors.append)
    with qtbot.waitSignal(panel.errorOccurred, timeout=PLAY_TIMEOUT_MS):
        panel.play(hls.url(missing), title="Recording 1")
    assert errors == [MSG_PLAY_FAILED]
    assert panel.state() == "error"
    assert panel.message() == MSG_PLAY_FAILED
    assert panel.message_label.isVisible() and panel.retry_button.isVisible()
    assert not panel.surface.isVisible()

    shutil.copy(hls.root / "master.m3u8", hls.root / missing)  # the stream appears
    try:
        with qtbot.waitSignal(panel.retryRequested), qtbot.waitSignal(
                panel.playingChanged, timeout=PLAY_TIMEOUT_MS):
            qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
        assert panel.state() == "playing"
        assert panel.message() == "" and panel.surface.isVisible()
    finally:
        (hls.root / missing).unlink()


def test_empty_stream_is_an_error_not_a_silent_end(qtbot, panel, hls):
    (hls.root / "empty.m3u8").write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-ENDLIST\n")
    with qtbot.waitSignal(panel.errorOccurred, timeout=PLAY_TIMEOUT_MS) as blocker:
        panel.play(hls.url("empty.m3u8"))
    assert blocker.args == [MSG_EMPTY]
    assert panel.retry_button.isVisible()
    # The panel's own failure: its Retry replays, and the owner can tell (no text compare).
    assert panel.message_owner() is MessageOwner.PLAYER


def test_owner_message_with_retry_callback(qtbot, panel):
    calls = []
    text = "This recording is private: add a signing key in Settings."
    panel.show_message(text, retry=lambda: calls.append("retry"))
    assert panel.message() == text
    assert panel.message_label.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(panel.retryRequested):
        qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert calls == ["retry"]
    assert panel.message_owner() is MessageOwner.OWNER  # the owner's Retry, not a replay
    panel.show_message("Not ready yet: still processing.")
    assert not panel.retry_button.isVisible()
    panel.clear_message()
    assert panel.message_owner() is MessageOwner.NONE


def test_owner_message_forgets_the_previous_item(qtbot, panel, hls):
    """After the owner replaces the video with a message (another item was picked),
    Play and Space must not start the video the user has left."""
    start(qtbot, panel, hls.master)
    qtbot.waitUntil(lambda: panel.time_ms() >= 1000, timeout=5000)
    panel.show_message("This recording is still processing.")
    assert panel.state() == "stopped"
    assert panel.request() is None
    assert not panel.controls.play_button.isEnabled()
    assert panel.controls.time_label.text() == "00:00 / 00:00"
    focus(qtbot, panel)
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    qtbot.wait(300)
    assert panel.state() == "stopped"
    assert panel.message() == "This recording is still processing."


def test_live_mode_shows_live_and_disables_seeking(qtbot, panel, hls):
    start(qtbot, panel, hls.url("live.m3u8"), live=True)
    qtbot.wait(400)  # a few poll ticks, with libVLC reporting the window as a length
    assert panel.controls.time_label.text() == "LIVE"
    assert not panel.controls.seek_slider.isEnabled()
    # Nothing to seek: the disabled handle rests at the start, not somewhere mid-track.
    qtbot.waitUntil(lambda: panel.time_ms() > 0, timeout=5000)
    assert panel.controls.seek_slider.value() == 0 == panel.controls.seek_slider.maximum()
    assert not panel.can_seek()
    assert not panel.controls.dvr_button.isVisible()
    before = panel.time_ms()
    focus(qtbot, panel)
    qtbot.keyClick(panel, Qt.Key.Key_Right)  # ignored on live without DVR
    qtbot.wait(300)
    assert panel.time_ms() < before + 2000


def test_live_with_dvr_offers_the_toggle(qtbot, panel, hls):
    start(qtbot, panel, hls.url("live.m3u8"), live=True, dvr_available=True)
    dvr = panel.controls.dvr_button
    assert dvr.isVisible() and not dvr.isChecked()
    with qtbot.waitSignal(panel.dvrToggled) as blocker:
        qtbot.mouseClick(dvr, Qt.MouseButton.LeftButton)
    assert blocker.args == [True]
    assert panel.dvr_enabled()
    assert panel.controls.time_label.text().endswith("/ LIVE")
    # A VOD afterwards resets the live look.
    start(qtbot, panel, hls.master)
    assert not dvr.isVisible() and not panel.dvr_enabled()
    qtbot.waitUntil(lambda: panel.controls.time_label.text().endswith("/ 00:06"), timeout=5000)


def test_audio_only_shows_the_poster(qtbot, panel, hls):
    poster = QPixmap(320, 180)
    poster.fill(QColor(200, 30, 30))
    start(qtbot, panel, hls.url("a_en/index.m3u8"), audio_only=True, poster=poster)
    assert panel.poster_label.isVisible() and not panel.surface.isVisible()
    shown = panel.poster_label.pixmap().toImage()
    assert not shown.isNull()
    assert shown.pixelColor(shown.width() // 2, shown.height() // 2) == QColor(200, 30, 30)
    grabbed = panel.video_area.grab().toImage()
    centre = grabbed.pixelColor(grabbed.width() // 2, grabbed.height() // 2)
    assert centre.red() > 150 and centre.green() < 80  # the poster, not a black box
    assert not panel.controls.snapshot_button.isEnabled()


def test_snapshot_writes_a_png(qtbot, panel, hls, tmp_path):
    start(qtbot, panel, hls.master)
    qtbot.waitUntil(panel.controls.snapshot_button.isEnabled, timeout=5000)
    qtbot.waitUntil(lambda: panel.time_ms() > 500, timeout=5000)
    with qtbot.waitSignal(panel.snapshotSaved, timeout=5000) as blocker:
        qtbot.mouseClick(panel.controls.snapshot_button, Qt.MouseButton.LeftButton)
    path = blocker.args[0]
    assert path.startswith(str(tmp_path)) and path.endswith(".png")
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    image = QImage(path)
    assert (image.width(), image.height()) in ((640, 360), (320, 180))
    explicit = panel.take_snapshot(tmp_path / "named")
    assert explicit == str(tmp_path / "named.png") and QImage(explicit).width() > 0


def test_speed_menu_sets_the_rate(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    panel.controls.speed_actions[1.5].trigger()
    assert panel.speed() == 1.5
    assert panel.controls.speed_button.text() == "1.5x"
    assert panel.vlc_player().get_rate() == pytest.approx(1.5)


def test_quality_combo_emits_for_the_owner(qtbot, panel):
    combo = panel.controls.quality_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Auto", "1080p", "720p", "480p"]
    with qtbot.waitSignal(panel.qualityChanged) as blocker:
        combo.setCurrentIndex(combo.findText("720p"))
    assert blocker.args == ["720p"] and panel.quality() == "720p"
    with qtbot.assertNotEmitted(panel.qualityChanged):
        panel.set_quality("auto")  # restoring a saved choice is not a user change
    assert panel.quality() == "auto"


def test_fullscreen_by_key_double_click_and_escape(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    focus(qtbot, panel)
    with qtbot.waitSignal(panel.fullscreenChanged) as blocker:
        qtbot.keyClick(panel, Qt.Key.Key_F)
    assert blocker.args == [True]
    assert panel.isFullScreen() and panel.controls.fullscreen_button.isChecked()
    with qtbot.waitSignal(panel.fullscreenChanged) as blocker:
        qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert blocker.args == [False] and not panel.isFullScreen()
    qtbot.mouseDClick(panel.surface, Qt.MouseButton.LeftButton,
                      pos=QPoint(panel.surface.width() // 2, panel.surface.height() // 2))
    assert panel.is_fullscreen() and panel.isFullScreen()
    qtbot.mouseClick(panel.controls.fullscreen_button, Qt.MouseButton.LeftButton)
    assert not panel.is_fullscreen()


def test_html_title_is_shown_literally(qtbot, panel, hls):
    hostile = '<b>x</b><img src="http://127.0.0.1:9/evil.png">'
    start(qtbot, panel, hls.master, title=hostile)
    assert panel.title_label.text() == hostile
    assert panel.title_label.textFormat() == Qt.TextFormat.PlainText
    panel.show_message(f"Cannot play {hostile}")
    assert panel.message_label.text() == f"Cannot play {hostile}"


def test_libvlc_callbacks_off_main_thread_slots_on_main_thread(qtbot, panel, hls):
    slot_threads = []
    start(qtbot, panel, hls.master)  # the first play makes the MediaPlayer and its bridge
    panel.stop()
    panel._bridge.playing.connect(lambda _g: slot_threads.append(threading.get_ident()))
    start(qtbot, panel, hls.master)
    qtbot.waitUntil(lambda: bool(slot_threads), timeout=2000)
    qtbot.waitUntil(panel.controls.snapshot_button.isEnabled, timeout=5000)  # Vout seen
    main = threading.main_thread().ident
    seen = panel._bridge.callback_threads
    for event in ("MediaPlayerPlaying", "MediaPlayerLengthChanged", "MediaPlayerVout"):
        assert seen[event], f"no {event} callback recorded"
        assert main not in seen[event], f"{event} arrived on the main thread"
    assert set(slot_threads) == {main}


def test_libvlc_player_is_made_on_first_play_not_at_construction(qtbot, panel, hls):
    """Start-up (issue 15): a window that only browses never makes a libVLC player."""
    assert panel.vlc_player() is None
    assert not panel.controls.play_button.isEnabled()
    start(qtbot, panel, hls.master)
    assert panel.vlc_player() is not None
    assert panel.controls.play_button.isEnabled()


def test_shutdown_before_any_play_then_play_is_a_no_op(qtbot, panel, hls):
    panel.shutdown()
    assert panel.is_shut_down
    panel.play(hls.master)
    assert panel.vlc_player() is None
    assert panel.state() == "stopped"


def test_shutdown_is_idempotent_and_close_while_playing(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    panel.close()  # closeEvent -> shutdown while playing
    assert panel.is_shut_down
    assert panel.state() == "stopped"
    panel.shutdown()
    panel.shutdown()
    # Everything is a harmless no-op afterwards.
    panel.play(hls.master)
    panel.toggle_pause()
    panel.seek(1000)
    panel.set_volume(10)
    assert panel.time_ms() == 0 and panel.audio_tracks() == []
    assert panel.take_snapshot() is None
    qtbot.wait(300)  # no late event may touch the released player


def test_start_position_resumes_after_a_url_change(qtbot, panel, hls):
    """What the owner does after a quality change: replay the new URL where it was."""
    start(qtbot, panel, hls.master, start_ms=4000)
    qtbot.waitUntil(lambda: panel.time_ms() > 0, timeout=5000)
    first = panel.time_ms()
    # HLS seeks land on a segment boundary (2 s here); from 0 the first
    # reported time would be a few hundred ms.
    assert 2000 <= first < 6000, first
    assert panel.request().start_ms == 4000


def test_server_that_never_answers_times_out_with_retry(qtbot, panel):
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)  # the kernel accepts connections; nobody ever answers
    port = silent.getsockname()[1]
    panel.OPEN_TIMEOUT_MS = 1500
    try:
        with qtbot.waitSignal(panel.errorOccurred, timeout=8000) as blocker:
            panel.play(f"http://127.0.0.1:{port}/master.m3u8")
        assert "did not start within 1 s" in blocker.args[0]
        assert panel.retry_button.isVisible() and panel.state() == "error"
    finally:
        silent.close()


def test_player_in_a_tab_switches_without_qt_warnings(qtbot, headless_vlc, hls):
    """The main window may hold the player in a tab or splitter; switching pages while
    it plays must not make Qt warn (pytest-qt fails the test on any warning)."""
    from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QTreeView

    from fastpix_viewer.ui.playback import PlayerPanel

    splitter = QSplitter()
    qtbot.addWidget(splitter)
    tabs = QTabWidget()
    splitter.addWidget(QTreeView())
    splitter.addWidget(tabs)
    panel = PlayerPanel()
    tabs.addTab(QLabel("details"), "Details")
    tabs.addTab(panel, "Player")
    splitter.show()
    qtbot.waitExposed(splitter)
    try:
        tabs.setCurrentWidget(panel)
        start(qtbot, panel, hls.master)
        for index in (0, 1, 0, 1):
            tabs.setCurrentIndex(index)
            qtbot.wait(50)
        splitter.setSizes([100, 500])
        assert panel.state() == "playing"
    finally:
        panel.shutdown()


def test_libvlc_is_told_to_play_before_the_state_change_reaches_listeners(qtbot, panel, hls, monkeypatch):
    """The panel's listeners (resume positions written to the settings file, features that
    follow the state) run after libVLC was told to play: before, their 3-5 ms came before the
    first frame (issue 15)."""
    start(qtbot, panel, hls.master)  # the panel makes its libVLC player on the first play
    player = panel.vlc_player()
    order: list[str] = []
    real_play = player.play

    def play() -> int:
        order.append("libVLC play")
        return real_play()

    monkeypatch.setattr(player, "play", play)
    panel.stateChanged.connect(lambda state: order.append(state))
    start(qtbot, panel, hls.master)
    assert order[:2] == ["libVLC play", "opening"], order
    assert panel.state() == "playing"
