"""Chapters in the player (issue 18 item 2), end to end: the sandbox's chapters of a real
recording played by libVLC (dummy outputs): marks on the seek bar at the chapters' x, the
chapter title in the hover bubble, the Chapters menu, Alt+Left / Alt+Right, and a chapter
clicked in the Insights tab playing from there."""

from __future__ import annotations

from fpv_insights_helpers import KEYNOTE, insights_tab, media_body, media_titled, show_media
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fastpix_viewer.ui.playback.chapter_marks import MARK_COLOUR, x_for_value


def _play_keynote(app, sandbox):
    keynote = media_titled(sandbox, KEYNOTE)
    chapters = media_body(sandbox, keynote["id"])["chapters"]["data"]
    window = app.window()
    window.activateWindow()
    app.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    show_media(app, window, keynote["id"])
    window.play_item(window.current_item())
    player = window.player
    app.qtbot.waitUntil(lambda: player.state() == "playing" and player.can_seek(), timeout=20000)
    player.pause()
    app.qtbot.waitUntil(lambda: player.state() == "paused", timeout=5000)
    return window, keynote, chapters


def _alt(window, key) -> None:
    """Alt+key where the user is: the window's focus widget."""
    QTest.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.AltModifier)


def _starts_ms(chapters) -> list[int]:
    return [round(c["startTime"] * 1000) for c in chapters]


def test_marks_are_drawn_at_the_chapters_on_the_seek_bar(app, sandbox):
    window, _keynote, chapters = _play_keynote(app, sandbox)
    pc = window.insights.chapters.player_chapters
    slider = window.player.controls.seek_slider
    app.qtbot.waitUntil(lambda: len(pc.chapters()) == len(chapters), timeout=5000)
    assert [title for _ms, title in pc.chapters()] == [c["title"] for c in chapters]
    later = [ms for ms in _starts_ms(chapters) if ms > 0]
    assert later and pc.marks.mark_xs() == [x_for_value(slider, ms) for ms in later]
    image = slider.grab().toImage()
    for x in pc.marks.mark_xs():
        assert image.pixelColor(x, 1) == MARK_COLOUR
    # Between marks (and at the start, where no mark is drawn) the bar's own colours.
    assert image.pixelColor(x_for_value(slider, later[0] // 2), 1) != MARK_COLOUR
    assert pc.button.isVisible()


def test_hovering_a_chapter_shows_its_title(app, sandbox):
    window, _keynote, chapters = _play_keynote(app, sandbox)
    pc = window.insights.chapters.player_chapters
    slider = window.player.controls.seek_slider
    app.qtbot.waitUntil(lambda: len(pc.chapters()) == len(chapters), timeout=5000)
    second = _starts_ms(chapters)[1]
    QTest.mouseMove(slider, QPoint(x_for_value(slider, second) + 3, slider.height() // 2))
    bubble = window.player.controls.seek_hover_label
    app.qtbot.waitUntil(lambda: bubble.isVisible() and chapters[1]["title"] in bubble.text(), timeout=3000)


def test_keys_and_menu_go_to_chapters(app, sandbox):
    window, _keynote, chapters = _play_keynote(app, sandbox)
    player = window.player
    pc = window.insights.chapters.player_chapters
    app.qtbot.waitUntil(lambda: len(pc.chapters()) == len(chapters), timeout=5000)
    starts = _starts_ms(chapters)
    slider = player.controls.seek_slider
    window.media_pane.view.setFocus()  # the keys work from the list too (not while typing)
    _alt(window, Qt.Key.Key_Right)
    assert slider.value() == starts[1]
    assert f"Chapter 2: {chapters[1]['title']}" in player.controls.status_label.text()
    _alt(window, Qt.Key.Key_Right)
    assert slider.value() == starts[2]
    _alt(window, Qt.Key.Key_Left)
    assert slider.value() == starts[1]
    app.qtbot.waitUntil(lambda: abs(player.time_ms() - starts[1]) < 1500, timeout=10000)
    menu = pc.chapters_menu()
    actions = menu.actions()
    assert [a.text().split("  ", 1)[1] for a in actions] == [c["title"] for c in chapters]
    assert actions[1].isChecked()
    actions[2].trigger()
    assert slider.value() == starts[2]
    menu.deleteLater()
    # The plain arrows still seek 5 s (no clash with Alt+arrows; with the player focused,
    # since a focused list keeps its arrows).
    player.setFocus()
    QTest.keyClick(player, Qt.Key.Key_Left)
    assert slider.value() == max(0, starts[2] - 5000)
    # While the user types in a filter, Alt+arrows are the text field's.
    window.media_pane.filter_edit.setFocus()
    _alt(window, Qt.Key.Key_Right)
    assert slider.value() == max(0, starts[2] - 5000)


def test_a_chapter_clicked_in_the_details_plays_from_there(app, sandbox):
    keynote = media_titled(sandbox, KEYNOTE)
    chapters = media_body(sandbox, keynote["id"])["chapters"]["data"]
    window = app.window()
    feature = insights_tab(window)
    show_media(app, window, keynote["id"])
    section = feature.section
    app.qtbot.waitUntil(lambda: len(section.chapter_rows()) == len(chapters), timeout=10000)
    view = section.chapters_list
    item = view.topLevelItem(2)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(item).center())
    player = window.player
    start = _starts_ms(chapters)[2]
    app.qtbot.waitUntil(lambda: player.state() == "playing" and player.time_ms() >= start - 500, timeout=20000)
    assert window.controller.current_item.id == keynote["id"]
