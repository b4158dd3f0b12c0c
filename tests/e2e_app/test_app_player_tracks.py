"""Issue 16 item 5: the player's audio and subtitle menus name tracks as the Tracks tab does
("English (en)", never libVLC's "Track 2"), and the language picked is remembered per
workspace and applied to the next media that has it, in a later run too (real sandbox
HLS with two audio renditions and WebVTT subtitles, real libVLC)."""

from __future__ import annotations

from player_helpers import checked_text, media_titled, menu_texts, play_media

INTERVIEW = "Interview — English / Español"
CLOSING = "Closing panel (EN/ES)"
ONE_AUDIO = "Keynote"


def test_menus_use_the_tracks_tab_names(app, qtbot):
    window = app.window()
    controls = window.player.controls
    play_media(qtbot, window, media_titled(window, INTERVIEW))
    qtbot.waitUntil(lambda: len(controls.audio_menu.actions()) == 2
                    and len(controls.subtitle_menu.actions()) == 2, timeout=10000)
    assert menu_texts(controls.audio_menu) == ["English (en)", "Español (es)"]
    assert menu_texts(controls.subtitle_menu) == ["Off", "English (en)"]

    keynote = media_titled(window, ONE_AUDIO)
    play_media(qtbot, window, keynote)
    qtbot.waitUntil(lambda: controls.audio_button.isEnabled()
                    and "English (en)" not in menu_texts(controls.audio_menu), timeout=10000)
    names = menu_texts(controls.audio_menu)
    assert len(names) == 1 and not names[0].startswith("Track"), names  # the only audio track
    assert names == ["Audio"], names


def _audio_now(player) -> str:
    """The name of the audio track libVLC plays now (its IDs change when it switches renditions)."""
    return dict(player.audio_tracks()).get(player.current_audio_track(), "")


def test_picked_languages_apply_to_the_next_media_and_the_next_run(app, qtbot, tmp_path):
    config = tmp_path / "run"
    window = app.window(config_dir=config)
    player, controls = window.player, window.player.controls
    play_media(qtbot, window, media_titled(window, INTERVIEW))
    qtbot.waitUntil(lambda: len(controls.audio_menu.actions()) == 2 and _audio_now(player)
                    and len(controls.subtitle_menu.actions()) == 2, timeout=10000)
    assert checked_text(controls.subtitle_menu) == "Off"  # the stream's subtitles are not DEFAULT
    # Pick the audio language libVLC did not choose by itself, and English subtitles.
    picked = "English (en)" if _audio_now(player) == "Español (es)" else "Español (es)"
    asked: list[int] = []
    next(a for a in controls.audio_menu.actions() if a.text() == picked).trigger()  # a click on it
    next(a for a in controls.subtitle_menu.actions() if a.text() == "English (en)").trigger()
    qtbot.waitUntil(lambda: checked_text(controls.subtitle_menu) == "English (en)", timeout=5000)

    # The next media with those languages starts with them, without a click.
    player.set_audio_track = lambda track_id, set_track=player.set_audio_track: (
        asked.append(dict(player.audio_tracks()).get(track_id, "")), set_track(track_id))
    play_media(qtbot, window, media_titled(window, CLOSING))
    qtbot.waitUntil(lambda: checked_text(controls.subtitle_menu) == "English (en)"
                    and player.current_subtitle_track() >= 0, timeout=10000)
    # The audio language is asked of libVLC unless libVLC chose it already, and it plays.
    qtbot.waitUntil(lambda: _audio_now(player) == picked, timeout=10000)
    assert asked in ([picked], [])
    qtbot.wait(1000)  # libVLC re-lists its tracks after a switch; the language stays
    assert _audio_now(player) == picked and checked_text(controls.audio_menu) == picked
    window.close()

    # A later run of the same workspace remembers them; subtitles turned off stay off.
    later = app.window(config_dir=config)
    player, controls = later.player, later.player.controls
    assert player.preferred_tracks == {"audio": picked[-3:-1], "subtitle": "en"}
    play_media(qtbot, later, media_titled(later, INTERVIEW))
    qtbot.waitUntil(lambda: checked_text(controls.subtitle_menu) == "English (en)", timeout=10000)
    next(a for a in controls.subtitle_menu.actions() if a.text() == "Off").trigger()
    play_media(qtbot, later, media_titled(later, CLOSING))
    qtbot.waitUntil(lambda: len(controls.subtitle_menu.actions()) == 2, timeout=10000)
    qtbot.wait(500)  # libVLC may select a default subtitle late; it must stay off
    assert checked_text(controls.subtitle_menu) == "Off"
    assert player.current_subtitle_track() == -1
    assert later.player_features.memory.get("subtitle_language") == "off"


def test_picked_english_audio_stays_on_while_the_recording_plays(app, qtbot):
    """Picking English on the two-language recording plays English and the menu says so, in
    both directions. (libVLC lists "audio Español - [Spanish]" first; matched by position it
    was once labelled "English (en)", so picking English played Español, and after libVLC
    re-listed its tracks the menu showed Español "coming back".)"""
    window = app.window()
    player, controls = window.player, window.player.controls
    play_media(qtbot, window, media_titled(window, INTERVIEW))
    qtbot.waitUntil(lambda: len(controls.audio_menu.actions()) == 2 and bool(_audio_now(player)),
                    timeout=10000)
    for picked in ("Español (es)", "English (en)"):  # both directions, English last
        next(a for a in controls.audio_menu.actions() if a.text() == picked).trigger()
        qtbot.waitUntil(lambda picked=picked: _audio_now(player) == picked, timeout=5000)
        heard: list[str] = []
        for _ in range(6):  # three seconds of playback, sampled twice a second
            qtbot.wait(500)
            heard.append(_audio_now(player))
        assert set(heard) == {picked}, heard
        assert checked_text(controls.audio_menu) == picked
