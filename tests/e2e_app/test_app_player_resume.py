"""Issue 16 item 6: reopening a media offers to continue where it stopped (a banner that
never blocks playback; the positions survive a restart of the same workspace), and Next /
Previous recording (Shift+N / Shift+P) walk the stream's recordings, passing over failed ones."""

from __future__ import annotations

from player_helpers import media_titled, play_media
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from fastpix_viewer.api.models import LiveStream

INTERVIEW = "Interview — English / Español"
OTHER = "Colour bars (private)"


def test_reopening_offers_to_resume_and_a_restart_remembers(app, qtbot, tmp_path):
    config = tmp_path / "run"
    window = app.window(config_dir=config)
    player, resume = window.player, window.player_features.resume
    interview = media_titled(window, INTERVIEW)
    play_media(qtbot, window, interview)
    assert not resume.banner.isVisible()  # first time: nothing to offer
    qtbot.waitUntil(player.can_seek, timeout=10000)
    player.pause()
    qtbot.waitUntil(lambda: player.state() == "paused", timeout=5000)
    player.seek(6200)
    qtbot.waitUntil(lambda: player.position_ms() == 6200, timeout=5000)
    player.resume()
    # libVLC lands on the keyframe before 6.2 s (4 s in the sample) and plays on from there.
    # (libVLC may report the old time for a poll or two after a seek: let it settle.)
    qtbot.waitUntil(lambda: player.state() == "playing", timeout=5000)
    qtbot.wait(700)
    qtbot.waitUntil(lambda: player.position_ms() >= 4000, timeout=5000)
    left_at = player.position_ms()

    play_media(qtbot, window, media_titled(window, OTHER))
    play_media(qtbot, window, interview)  # reopened: it plays from the start and offers
    qtbot.waitUntil(resume.banner.isVisible, timeout=5000)
    offered = resume.offer_ms()
    assert left_at - 500 <= offered < left_at + 2000  # (libVLC's clock may step back a few ms)
    assert resume.banner.resume_button.text().startswith("Resume at 00:0")
    assert player.state() == "playing" and player.position_ms() < 3000  # not blocked, not paused
    qtbot.mouseClick(resume.banner.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: abs(player.position_ms() - offered) < 1500, timeout=5000)
    assert not resume.banner.isVisible()
    qtbot.wait(700)  # (libVLC's time settles after the seek)
    qtbot.waitUntil(lambda: player.position_ms() >= 4000, timeout=5000)
    player.pause()
    qtbot.waitUntil(lambda: player.state() == "paused", timeout=5000)
    kept = player.position_ms()
    window.close()

    later = app.window(config_dir=config)
    play_media(qtbot, later, media_titled(later, INTERVIEW))
    banner = later.player_features.resume.banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert abs(later.player_features.resume.offer_ms() - kept) < 1100


def test_next_and_previous_recording_of_the_stream(app, qtbot):
    window = app.window()
    keys = [s.toString() for a in window.findChildren(QAction) for s in a.shortcuts()]
    assert keys.count("Shift+N") == 1 and keys.count("Shift+P") == 1  # no clash with another key
    next_action = window.findChild(QAction, "nextRecordingAction")
    previous_action = window.findChild(QAction, "previousRecordingAction")
    assert next_action.shortcut() == QKeySequence("Shift+N")
    assert {next_action, previous_action} <= set(window.menu("&Playback").actions())

    keynote = media_titled(window, "Keynote")
    stream = next(s for s in window.streams_model.objects()
                  if isinstance(s, LiveStream) and keynote.id in s.media_ids)
    titles = [window.media_model.object_for_id(m).title for m in stream.media_ids]
    assert titles[:3] == ["Keynote", "Track 1, morning", "Track 1, afternoon"]  # the seed's order

    play_media(qtbot, window, keynote)
    previous_action.trigger()
    assert window.status_text() == "This is the first playable recording of the stream."
    next_action.trigger()  # "Track 1, morning" failed: passed over
    qtbot.waitUntil(lambda: window.controller.current_item.title == "Track 1, afternoon"
                    and window.player.state() == "playing", timeout=20000)
    assert window.current_item().title == "Track 1, afternoon"  # the list follows
    previous_action.trigger()
    qtbot.waitUntil(lambda: window.controller.current_item.title == "Keynote", timeout=20000)
