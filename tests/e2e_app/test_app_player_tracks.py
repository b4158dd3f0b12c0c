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


def test_picked_languages_apply_to_the_next_media_and_the_next_run(app, qtbot, tmp_path):
    config = tmp_path / "run"
    window = app.window(config_dir=config)
    controls = window.player.controls
    play_media(qtbot, window, media_titled(window, INTERVIEW))
    qtbot.waitUntil(lambda: len(controls.audio_menu.actions()) == 2
                    and len(controls.subtitle_menu.actions()) == 2, timeout=10000)
    spanish = next(a for a in controls.audio_menu.actions() if a.text() == "Español (es)")
    spanish.trigger()  # what a click on the menu entry does
    english_cc = next(a for a in controls.subtitle_menu.actions() if a.text() == "English (en)")
    english_cc.trigger()
    qtbot.waitUntil(lambda: checked_text(controls.audio_menu) == "Español (es)", timeout=5000)

    # The next media with those languages starts with them, without a click.
    play_media(qtbot, window, media_titled(window, CLOSING))
    qtbot.waitUntil(lambda: checked_text(controls.audio_menu) == "Español (es)"
                    and checked_text(controls.subtitle_menu) == "English (en)", timeout=10000)
    assert window.player.current_audio_track() == next(
        a.data() for a in controls.audio_menu.actions() if a.text() == "Español (es)")
    window.close()

    # A later run of the same workspace remembers them; subtitles turned off stay off.
    later = app.window(config_dir=config)
    controls = later.player.controls
    play_media(qtbot, later, media_titled(later, INTERVIEW))
    qtbot.waitUntil(lambda: checked_text(controls.audio_menu) == "Español (es)"
                    and checked_text(controls.subtitle_menu) == "English (en)", timeout=10000)
    next(a for a in controls.subtitle_menu.actions() if a.text() == "Off").trigger()
    play_media(qtbot, later, media_titled(later, CLOSING))
    qtbot.waitUntil(lambda: checked_text(controls.audio_menu) == "Español (es)", timeout=10000)
    qtbot.waitUntil(lambda: len(controls.subtitle_menu.actions()) == 2, timeout=10000)
    qtbot.wait(500)  # libVLC may select a default subtitle late; it must stay off
    assert checked_text(controls.subtitle_menu) == "Off"
    assert later.player.current_subtitle_track() == -1
