"""Generated subtitles (issue 18 item 4 of the issue, item 5 of this wave), end to end: the
dialog from the Insights tab or the Tracks tree, the request followed until ready, the new
track in the Tracks tree and (while the media plays, real libVLC) in the Subtitles menu; a
failed generation, a refused one, and a bad language code that sends nothing."""

from __future__ import annotations

from fpv_insights_helpers import (
    INTERVIEW,
    control,
    insights_tab,
    media_body,
    media_titled,
    show_media,
)
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox

from fastpix_viewer.ui.details.tracks import LANGUAGE_COLUMN, TRACK_COLUMN

PLAN_WORDS = "plan does not include in-video AI features"


def _tracks(window) -> list[tuple[str, str]]:
    """(track label, language) of every track row in the Tracks tree."""
    model = window.tracks_model
    rows = []
    for g in range(model.rowCount()):
        group = model.index(g, 0, QModelIndex())
        for r in range(model.rowCount(group)):
            rows.append((model.index(r, TRACK_COLUMN, group).data(Qt.ItemDataRole.DisplayRole) or "",
                         model.index(r, LANGUAGE_COLUMN, group).data(Qt.ItemDataRole.DisplayRole) or ""))
    return rows


def _ask(feature, code: str):
    feature.section.subtitles_button.click()
    dialog = feature.subtitles.dialog
    assert dialog is not None and dialog.isVisible() and dialog.track_combo.count() >= 1
    dialog.code_edit.setText(code)
    dialog.code_edit.textEdited.emit(code)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog


def _open(app, sandbox, **switches):
    control(sandbox, **({"preparing_delay": 0.3} | switches))
    interview = media_titled(sandbox, INTERVIEW)
    window = app.window()
    feature = insights_tab(window)
    feature.jobs.interval = 0.1
    show_media(app, window, interview["id"])
    return window, feature, interview


def test_subtitles_are_followed_into_the_tracks_tree(app, sandbox):
    window, feature, interview = _open(app, sandbox)
    before = _tracks(window)
    _ask(feature, "de")
    status = feature.section.subtitles_status
    app.qtbot.waitUntil(lambda: status.text() == "German: ready", timeout=10000)
    assert "German subtitles for “Interview — English / Español” are ready." in window.status_text()
    served = [t for t in media_body(sandbox, interview["id"])["tracks"] if t["type"] == "subtitle"
              and t.get("languageCode") == "de"]
    assert len(served) == 1
    app.qtbot.waitUntil(lambda: len(_tracks(window)) == len(before) + 1, timeout=5000)
    assert any("de" in language or "German" in language for _label, language in _tracks(window))
    app.wait_idle(window)


def test_ready_subtitles_join_the_subtitles_menu_of_the_playing_media(app, sandbox):
    window, feature, _interview = _open(app, sandbox)
    window.play_item(window.current_item())
    player = window.player
    app.qtbot.waitUntil(lambda: player.state() == "playing", timeout=20000)
    app.qtbot.waitUntil(lambda: len(player.subtitle_tracks()) >= 1, timeout=10000)
    before = len(player.subtitle_tracks())
    _ask(feature, "fr")
    app.qtbot.waitUntil(lambda: feature.section.subtitles_status.text() == "French: ready", timeout=10000)
    app.qtbot.waitUntil(lambda: len(player.subtitle_tracks()) == before + 1, timeout=10000)
    menu = window.player.controls.subtitle_menu
    app.qtbot.waitUntil(lambda: len([a for a in menu.actions() if a.data() != -1]) == before + 1, timeout=5000)


def test_a_failed_generation_says_so(app, sandbox):
    window, feature, _interview = _open(app, sandbox, fail=["subtitles"])
    _ask(feature, "es")
    app.qtbot.waitUntil(lambda: feature.section.subtitles_status.text() == "Spanish: failed", timeout=10000)
    assert feature.section.message() == ("FastPix could not generate Spanish subtitles for "
                                         "“Interview — English / Español”; try again later.")
    app.wait_idle(window)


def test_a_plan_without_ai_features_refuses_subtitles(app, sandbox, ai_refusal):
    _window, feature, interview = _open(app, sandbox)
    _ask(feature, "en")
    app.qtbot.waitUntil(lambda: PLAN_WORDS in feature.section.message(), timeout=10000)
    assert not feature.section.subtitles_button.isEnabled()
    assert not media_body(sandbox, interview["id"]).get("generatedSubtitles")


def test_a_bad_language_code_sends_nothing_and_the_tracks_menu_offers_it(app, sandbox):
    window, feature, interview = _open(app, sandbox)
    menu = feature.subtitles.tracks_menu()
    action = next(a for a in menu.actions() if a.objectName() == "generateSubtitlesAction")
    assert action.isEnabled()
    action.trigger()
    menu.deleteLater()
    dialog = feature.subtitles.dialog
    dialog.code_edit.setText("not a language!")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.problem_label.text() == "The language must be a code like en, es or en-US."
    dialog.reject()
    app.wait_idle(window)
    assert not media_body(sandbox, interview["id"]).get("generatedSubtitles")
