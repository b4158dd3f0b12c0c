"""The scenes of scripts/screenshots.py after the first four: full screen, the seek preview, a
multi-selection, clip marks, the clip dialog, chapters, search in the insights and the Audience tab. Each takes the script's `Driver` (the window, its
widgets by name, `shoot`) and fails with `StepFailed` when what it should show is not on screen.

The step helpers live here too (screenshots.py runs as __main__: importing it back would make
a second StepFailed class the driver would not catch)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xvfb_support import colour_stats, grab_from_x, wait_until

LOAD_TIMEOUT_S = 30
GATHER_TIMEOUT_S = 90  # the background gathering of insights, on a busy machine
KEYNOTE = "Keynote"  # the demo's media with chapters, a summary and views
SUMMARY_PHRASE = "moves through colour bars"  # in the Keynote's summary only (not a title)
CLIP_TITLE = "The announcement"
CLIP_SOURCE = "Track 1, afternoon"  # a titled Ready recording (not a clip)


class StepFailed(Exception):
    pass


def wait_for(what: str, predicate: Callable[[], Any], timeout_s: float) -> None:
    if not wait_until(predicate, timeout_s):
        raise StepFailed(f"timed out after {timeout_s:g} s waiting for {what}")


def pause(seconds: float) -> None:
    """Let the video run on (frames reach the window, the clock advances)."""
    wait_until(lambda: False, seconds)


def hover(widget: Any, x: float, y: float) -> None:
    """The pointer moved to (x, y) of `widget`: the real cursor, and the move event Qt would send."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QCursor, QMouseEvent
    from PySide6.QtWidgets import QApplication

    pos = QPointF(x, y)
    QCursor.setPos(widget.mapToGlobal(pos.toPoint()))
    pause(0.2)
    QApplication.sendEvent(widget, QMouseEvent(QEvent.Type.MouseMove, pos, widget.mapToGlobal(pos),
                                               Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                               Qt.KeyboardModifier.NoModifier))


def pointer_away(driver: Any) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QCursor
    from PySide6.QtWidgets import QToolTip

    # The menu bar's empty right end: nothing there shows a tooltip or a hover bubble.
    window = driver.window
    QCursor.setPos(window.mapToGlobal(QPoint(window.width() * 3 // 4, 8)))
    QToolTip.hideText()


def media_titled(driver: Any, title: str) -> Any:
    from fastpix_viewer.api.models import Media

    found = next((m for m in driver.objects("mediaPane") if isinstance(m, Media) and m.raw.get("title") == title), None)
    if found is None:
        raise StepFailed(f"the demo workspace has no media titled {title!r}")
    return found


def play_paused_at(driver: Any, item: Any, fraction: float) -> None:
    """Play `item` (selected on the Media tab), go to `fraction` of it, and pause there."""
    from fastpix_viewer.ui.core.items import MEDIA_TAB

    driver.window.list_tabs.setCurrentIndex(MEDIA_TAB)
    driver.select("mediaPane", item.id, repr(item.raw.get("title") or item.id))
    driver.press_play()
    driver.wait_playing(repr(item.raw.get("title")), 1500)
    player = driver.player()
    wait_for("the media to be seekable with a length", lambda: player.can_seek() and player.length_ms() > 0,
             LOAD_TIMEOUT_S)
    target = int(player.length_ms() * fraction)
    player.seek(target)
    wait_for("the seek", lambda: abs(player.time_ms() - target) < 4000, 10)
    pause(0.8)  # frames of the new position reach the window
    player.pause()
    wait_for("the player to pause", lambda: player.state() == "paused", 10)
    pause(0.4)


def scene_fullscreen(driver: Any, recording: Any) -> None:
    """(e) A Ready recording full screen: the video alone, the controls shown by the mouse."""
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QCursor, QGuiApplication, QMouseEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    driver.select("recordingsPane", recording.id, "the Ready recording")
    driver.press_play()
    driver.wait_playing("the recording", 2000)
    player = driver.player()
    player.controls.fullscreen_button.click()
    screen = QGuiApplication.primaryScreen().geometry()
    wait_for("the window to cover the screen",
             lambda: driver.window.isFullScreen() and driver.window.geometry() == screen
             and player.surface.width() >= screen.width() - 2, 10)
    pause(1.0)  # the window manager settles, libVLC scales to the new size
    surface = player.surface
    centre = QPoint(surface.width() // 2, surface.height() // 3)
    QCursor.setPos(surface.mapToGlobal(centre))
    QApplication.sendEvent(surface, QMouseEvent(
        QEvent.Type.MouseMove, QPointF(centre), QPointF(surface.mapToGlobal(centre)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    wait_for("the controls to show over the full-screen video", player.controls.isVisible, 3)
    pause(0.3)
    lists = driver.pane("streamsPane")
    if lists.isVisible():
        raise StepFailed("full screen still shows the lists, not the video alone")
    driver.check_video_visible("the full-screen recording")
    driver.shoot("fullscreen.png", screen=True)
    QTest.keyClick(driver.window, Qt.Key.Key_Escape)
    wait_for("Esc to leave full screen",
             lambda: not driver.window.isFullScreen() and not player.is_fullscreen() and lists.isVisible(), 10)
    pause(0.5)

def scene_seek_preview(driver: Any, multilang: Any) -> None:
    """(f) The multi-language recording playing, the pointer over its seek bar at ~60 %."""
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QCursor, QMouseEvent
    from PySide6.QtWidgets import QApplication

    from fastpix_viewer.ui.shell.main_window import MEDIA_TAB

    window = driver.window
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    driver.select("mediaPane", multilang.id, "the multi-language recording")
    driver.press_play()
    driver.wait_playing("the multi-language recording", 2000)
    preview = window.player_features.seek_preview
    player = driver.player()
    wait_for("the recording's spritesheet (fetched on the worker)",
             lambda: preview.is_known(multilang.id) and player.can_seek(), LOAD_TIMEOUT_S)
    if preview.sheet_for(multilang.id) is None:
        raise StepFailed("the multi-language recording has no spritesheet to preview")
    slider = player.controls.seek_slider
    target = int(slider.maximum() * 0.6)
    x = min(range(slider.width()), key=lambda x: abs(slider.value_at(x) - target))
    pos = QPointF(x, slider.height() / 2)
    QCursor.setPos(slider.mapToGlobal(pos.toPoint()))
    pause(0.2)
    QApplication.sendEvent(slider, QMouseEvent(QEvent.Type.MouseMove, pos, slider.mapToGlobal(pos),
                                               Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                               Qt.KeyboardModifier.NoModifier))
    bubble = preview.bubble
    wait_for("the preview bubble over the seek bar",
             lambda: bubble.isVisible() and bubble.frame_source().isValid() and bubble.caption(), 5)
    pause(0.3)  # the bubble's window mapped and painted
    if not bubble.isVisible():
        raise StepFailed("the preview bubble closed before the picture")
    stats = colour_stats(grab_from_x(bubble))
    if stats.distinct < 6:
        raise StepFailed(f"the preview bubble shows no frame ({stats})")
    driver.shoot("seek-preview.png", bubble)
    QCursor.setPos(window.mapToGlobal(QPoint(window.width() // 4, window.height() // 4)))
    QApplication.sendEvent(slider, QEvent(QEvent.Type.Leave))

def scene_multiselect(driver: Any, town_hall: Any, media: list[Any]) -> None:
    """(g) Four rows of the Media tab selected, the status bar counting them, their menu open."""
    from PySide6.QtCore import QItemSelectionModel, QPoint
    from PySide6.QtWidgets import QLabel

    from fastpix_viewer.ui.shell.main_window import MEDIA_TAB

    window = driver.window
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    untitled = [m for m in media if m.stream_id == town_hall.id and not m.is_clip and not m.raw.get("title")]
    uploads = [m for m in media if not m.stream_id and not m.is_clip and m.raw.get("title") and m.is_ready]
    clips = sorted((m for m in media if m.is_clip), key=lambda m: not m.is_ready)
    chosen = untitled[:2] + uploads[:1] + clips[:1]
    if len(chosen) < 4:
        chosen += [m for m in media if m not in chosen][: 4 - len(chosen)]
    if len(untitled) < 2 or not uploads:
        raise StepFailed(f"the demo workspace lacks two untitled recordings of {town_hall.name!r} "
                         "or a titled upload")
    pane = driver.pane("mediaPane")
    rows = sorted(pane.proxy.row_for_id(m.id) for m in chosen)
    if any(row is None or row < 0 for row in rows):
        raise StepFailed("a chosen item is not shown in the Media list")
    selection = pane.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.clearSelection()
    for row in rows:  # as Ctrl+click does: each row added, and made the current one
        selection.select(pane.proxy.index(row, 0), flags)
        selection.setCurrentIndex(pane.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    pane.view.scrollTo(pane.proxy.index(rows[0], 0))
    label = driver.child(QLabel, "selectionCountLabel")
    wait_for("the status bar to say 4 selected",
             lambda: len(selection.selectedRows()) == 4 and label.isVisible() and label.text() == "4 selected", 5)
    # On the last row's right end: the menu then covers durations, not titles or dates.
    pos = QPoint(pane.view.viewport().width() - 50, pane.view.visualRect(pane.proxy.index(rows[-1], 1)).center().y())
    pane.view.customContextMenuRequested.emit(pos)  # the menu pops up (QMenu.popup), no loop
    menu = window.bulk_actions.context_menu
    wait_for("the selection's context menu", lambda: menu is not None and menu.isVisible(), 5)
    pause(0.4)
    if len(selection.selectedRows()) != 4:
        raise StepFailed("the right-click reset the selection")
    driver.shoot("multiselect.png", menu)
    menu.close()


def scene_clip_marks(driver: Any, recording: Any) -> None:
    """(h) A titled recording paused at a third, In at 25 % and Out at 60 %: the ticks and shaded
    range on the seek bar, the clip row with both times, Create clip… enabled."""
    pointer_away(driver)
    play_paused_at(driver, recording, 0.33)
    player = driver.player()
    length = player.length_ms()
    marks = player.marks
    marks.set_marks(round(length * 0.25 / 100) * 100, round(length * 0.60 / 100) * 100)
    bar = marks.bar
    wait_for("the clip row with both marks", lambda: bar.isVisible() and bar.clip_button.isEnabled()
             and bar.in_time.text() and bar.out_time.text(), 5)
    in_x, out_x = marks.overlay.mark_x()
    slider = player.controls.seek_slider
    if not 0.15 * slider.width() < in_x < out_x < 0.75 * slider.width():
        raise StepFailed(f"the marks are not drawn where they should be (x {in_x}, {out_x} of {slider.width()})")
    pause(0.3)
    driver.check_video_visible("the paused recording")
    driver.shoot("clip-marks.png")


def scene_clip_dialog(driver: Any) -> None:
    """(i) Create clip… for the marked range: the dialog with a title, Private and MP4 chosen."""
    player = driver.player()
    player.marks.bar.clip_button.click()  # the dialog opens with open(): no nested loop
    clips = driver.window.clips
    wait_for("the Create clip dialog", lambda: clips.dialog is not None and clips.dialog.isVisible(), 5)
    dialog = clips.dialog
    dialog.title_input.setText(CLIP_TITLE)
    dialog.private_radio.setChecked(True)
    dialog.mp4_check.setChecked(True)
    if dialog.error_text() or not dialog.create_button.isEnabled():
        raise StepFailed(f"the clip dialog refuses the range: {dialog.error_text()!r}")
    if not dialog.range_label.text():
        raise StepFailed("the clip dialog shows no range")
    pause(0.5)  # the window manager maps and places the dialog
    try:
        driver.shoot("clip-dialog.png", dialog)
    finally:
        dialog.reject()
    wait_for("the clip dialog to close", lambda: clips.dialog is None, 5)
    player.marks.clear()


def scene_chapters(driver: Any) -> None:
    """(j) The Keynote paused a little after its second chapter, the pointer on the second mark
    (the bubble says time and chapter), the Insights tab listing the chapters."""
    window = driver.window
    keynote = media_titled(driver, KEYNOTE)
    insights = window.insights
    window.info_tabs.setCurrentWidget(insights.section)
    pointer_away(driver)
    driver.window.list_tabs.setCurrentIndex(1)
    driver.select("mediaPane", keynote.id, "the Keynote")
    wait_for("the Keynote's chapters in the Insights tab", lambda: len(insights.section.chapter_rows()) >= 2,
             LOAD_TIMEOUT_S)
    driver.press_play()
    driver.wait_playing("the Keynote", 1500)
    pc = insights.chapters.player_chapters
    wait_for("the chapters in the player", lambda: len(pc.chapters()) >= 2, LOAD_TIMEOUT_S)
    player = driver.player()
    wait_for("the Keynote to be seekable", player.can_seek, LOAD_TIMEOUT_S)
    second_ms, second_title = pc.chapters()[1]
    third_ms = pc.chapters()[2][0] if len(pc.chapters()) > 2 else player.length_ms()
    # libVLC lands on a segment's start, maybe just before the chapter's: play on into it.
    player.seek(second_ms + 200)
    wait_for("playback a little into the second chapter",
             lambda: second_ms + 300 <= player.time_ms() < third_ms - 300, 10)
    player.pause()
    wait_for("the player to pause", lambda: player.state() == "paused", 10)
    if pc.index_at(player.time_ms()) != 1:
        raise StepFailed(f"paused at {player.time_ms()} ms, not in the second chapter")
    section = insights.section
    section.ensureWidgetVisible(section.chapters_list, 0, 0)  # the chapter list in view, not the summary
    if not pc.marks.mark_xs():
        raise StepFailed("no chapter marks on the seek bar")
    from fastpix_viewer.ui.playback.chapter_marks import x_for_value

    slider = player.controls.seek_slider
    hover(slider, x_for_value(slider, second_ms) + 3, slider.height() / 2)
    bubble = player.controls.seek_hover_label
    wait_for("the hover bubble with the chapter's title",
             lambda: bubble.isVisible() and second_title in bubble.text(), 5)
    pause(0.4)
    preview = window.player_features.seek_preview.bubble
    extra = [preview] if preview.isVisible() else []
    driver.check_video_visible("the Keynote")
    driver.shoot("chapters.png", *extra)
    pointer_away(driver)
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(slider, QEvent(QEvent.Type.Leave))


def scene_search(driver: Any) -> None:
    """(k) The Media list filtered by a phrase of a summary, the match selected, its summary in
    the Insights tab, and the tooltip that says where it matched."""
    from PySide6.QtWidgets import QApplication, QToolTip

    from fastpix_viewer.ui.core.items import MEDIA_TAB
    from fastpix_viewer.ui.core.plain_text import plain_tooltip

    window = driver.window
    keynote = media_titled(driver, KEYNOTE)
    search = window.insights.search.search
    wait_for("the background gathering of insights",
             lambda: not search.is_running() and search.entry(keynote.id) is not None, GATHER_TIMEOUT_S)
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    pane = driver.pane("mediaPane")
    pane.filter_edit.setText(SUMMARY_PHRASE)
    pane.apply_text_filter()
    found = [pane.proxy.object_at(r).id for r in range(pane.proxy.rowCount())]
    if keynote.id not in found:
        raise StepFailed(f"filtering by {SUMMARY_PHRASE!r} does not list the Keynote ({len(found)} rows)")
    driver.select("mediaPane", keynote.id, "the Keynote")
    window.info_tabs.setCurrentWidget(window.insights.section)
    summary = window.insights.section.summary_text
    wait_for("the Keynote's summary in the Insights tab",
             lambda: SUMMARY_PHRASE in summary.toPlainText().casefold(), LOAD_TIMEOUT_S)
    section = window.insights.section
    section.verticalScrollBar().setValue(0)  # the summary in view (the chapters scene scrolled down)
    row = pane.proxy.row_for_id(keynote.id)
    where = pane.proxy.extra_match_at(row)
    if not where:
        raise StepFailed("the list does not say where the Keynote matched")
    view = pane.view
    rect = view.visualRect(pane.proxy.index(row, 1))
    hover(view.viewport(), rect.center().x(), rect.center().y())  # the pointer on the row, as a user
    at = view.viewport().mapToGlobal(rect.center())
    QToolTip.showText(at, plain_tooltip(f"Found {where}"), view.viewport(), rect)  # shown, no loop

    def tips() -> list[Any]:
        return [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]

    if not wait_until(tips, 3):
        print("screenshots: search.png without the match's tooltip (it did not show)", flush=True)
    pause(0.3)
    driver.shoot("search.png", *tips())
    pointer_away(driver)
    QToolTip.hideText()
    pane.filter_edit.setText("")
    pane.apply_text_filter()


def scene_audience(driver: Any) -> None:
    """(l) The Keynote's Audience tab over the last 7 days: the views as bars, unique viewers as a line."""
    window = driver.window
    keynote = media_titled(driver, KEYNOTE)
    tab = window.insights.audience
    window.info_tabs.setCurrentWidget(tab)
    tab.set_span("7d")
    driver.select("mediaPane", keynote.id, "the Keynote")
    pane = driver.pane("mediaPane")
    pane.view.scrollTo(pane.view.currentIndex())  # the selected row in view (the filter was cleared)
    pointer_away(driver)
    chart = tab.chart
    wait_for("the Keynote's views over 7 days",
             lambda: chart.audience() is not None and chart.audience().span.label == "7d", LOAD_TIMEOUT_S)
    points = chart.audience().points
    if not any(p.views for p in points):
        raise StepFailed("the Keynote has no views to chart")
    if not chart.bar_rects() or len(chart.line_points()) < 2:
        raise StepFailed("the chart draws no bars or no line")
    if tab.span_combo.currentText() != "Last 7 days":
        raise StepFailed(f"the span is {tab.span_combo.currentText()!r}")
    pause(0.4)
    driver.shoot("audience.png")
