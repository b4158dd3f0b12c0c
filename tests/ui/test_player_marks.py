"""In and Out marks in the player and the A-B loop, on real libVLC (dummy outputs) and the
test HLS stream (6 s): I and O mark the position, the marks are drawn on the seek bar where a
click would seek to that time, they are editable to the tenth, Shift+X clears them and
Shift+L loops the marked range."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence

from fastpix_viewer.ui.playback.mark_bar import format_tenths, parse_time
from fastpix_viewer.ui.playback.mark_overlay import IN_COLOUR, OUT_COLOUR

PLAY_TIMEOUT_MS = 10000
K = Qt.Key


def play_paused(qtbot, panel, url):
    activate(qtbot, panel)
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS, check_params_cb=lambda p: p):
        panel.play(url)
    qtbot.waitUntil(panel.can_seek, timeout=5000)
    with qtbot.waitSignal(panel.stateChanged, check_params_cb=lambda s: s == "paused"):
        panel.pause()


def activate(qtbot, panel):
    # Window shortcuts fire in the active window (as for a user typing there).
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow, timeout=2000)


def press(qtbot, panel, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(panel, key, modifier)


def near(colour: QColor, wanted: QColor) -> bool:
    return all(abs(a - b) < 40 for a, b in ((colour.red(), wanted.red()), (colour.green(), wanted.green()),
                                            (colour.blue(), wanted.blue())))


def test_i_and_o_mark_the_position_and_the_marks_are_drawn_where_they_seek(qtbot, panel, hls):
    play_paused(qtbot, panel, hls.master)
    bar, slider = panel.marks.bar, panel.controls.seek_slider
    assert not bar.clip_button.isEnabled() and not bar.in_time.isEnabled()
    panel.seek(1500)
    press(qtbot, panel, K.Key_I)
    assert panel.marks.marks() == (1500, None) and panel.osd.text() == "In 0:01.5"
    panel.seek(4200)
    press(qtbot, panel, K.Key_O)
    assert panel.marks.marks() == (1500, 4200) and panel.osd.text() == "Out 0:04.2"
    assert bar.in_time.text() == "0:01.5" and bar.out_time.text() == "0:04.2"
    assert bar.length_label.text() == "2.7 s" and bar.clip_button.isEnabled()

    in_x, out_x = panel.marks.overlay.mark_x()
    # A click at the tick seeks (within a pixel's worth) to the mark's time.
    per_pixel = slider.maximum() / slider.width()
    assert abs(slider.value_at(in_x) - 1500) <= 2 * per_pixel
    assert abs(slider.value_at(out_x) - 4200) <= 2 * per_pixel
    assert 0.2 * slider.width() < in_x < out_x < 0.8 * slider.width()
    # The pixels: the In tick is green, the Out tick red, and nothing of either colour is
    # drawn before In (the whole seek row, painted as on screen).
    image = slider.grab().toImage()
    y = slider.height() // 2
    assert any(near(image.pixelColor(x, y), IN_COLOUR) for x in (in_x - 1, in_x, in_x + 1))
    assert any(near(image.pixelColor(x, y), OUT_COLOUR) for x in (out_x - 1, out_x, out_x + 1))
    before = [image.pixelColor(x, y) for x in range(2, in_x - 4)]
    assert not any(near(c, IN_COLOUR) or near(c, OUT_COLOUR) for c in before)


def test_marks_are_edited_to_the_tenth_and_cleared_with_shift_x(qtbot, panel, hls):
    play_paused(qtbot, panel, hls.master)
    panel.seek(1000)
    press(qtbot, panel, K.Key_I)
    panel.seek(3000)
    press(qtbot, panel, K.Key_O)
    box = panel.marks.bar.in_time
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=2000)
    box.selectAll()
    qtbot.keyClicks(box, "0:01.3")
    qtbot.keyClick(box, K.Key_Return)
    assert panel.marks.marks() == (1300, 3000)
    qtbot.keyClick(box, K.Key_Up)  # a tenth
    assert panel.marks.marks() == (1400, 3000) and panel.marks.bar.length_label.text() == "1.6 s"
    # While the time field has the focus, I and O are typed (refused there), not marks.
    qtbot.keyClick(box, K.Key_I)
    assert panel.marks.marks() == (1400, 3000)
    out_box = panel.marks.bar.out_time
    out_box.setFocus()
    qtbot.waitUntil(out_box.hasFocus, timeout=2000)
    out_box.selectAll()
    qtbot.keyClicks(out_box, "1")  # plain seconds, before In
    qtbot.keyClick(out_box, K.Key_Return)
    assert panel.marks.marks() == (1400, 1000)
    assert panel.marks.bar.length_label.text() == "Out is before In"
    assert not panel.marks.bar.loop_button.isEnabled()
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus, timeout=2000)
    press(qtbot, panel, K.Key_X, Qt.KeyboardModifier.ShiftModifier)
    assert panel.marks.marks() == (None, None) and panel.osd.text() == "Marks cleared"
    assert panel.marks.overlay.mark_x() == (None, None)
    assert panel.marks.bar.in_time.text() == "" and not panel.marks.bar.clip_button.isEnabled()


def test_shift_l_loops_the_marked_range(qtbot, panel, hls):
    play_paused(qtbot, panel, hls.master)
    panel.marks.set_marks(1000, 2500)
    press(qtbot, panel, K.Key_L, Qt.KeyboardModifier.ShiftModifier)
    assert panel.marks.is_looping() and panel.osd.text() == "Loop on"
    assert panel.marks.bar.loop_button.isChecked()
    seen: list[int] = []
    panel.resume()
    # Play for longer than the range twice over: the position keeps coming back to In.
    deadline_ms = 5000
    step = 50
    for _ in range(deadline_ms // step):
        qtbot.wait(step)
        seen.append(panel.position_ms())
    assert max(seen) < 2500 + 1200  # never ran on far past Out (a poll and a seek's worth of slack)
    wraps = sum(1 for a, b in itertools.pairwise(seen) if b < a - 800)
    assert wraps >= 2
    assert panel.state() == "playing"
    press(qtbot, panel, K.Key_L, Qt.KeyboardModifier.ShiftModifier)
    assert not panel.marks.is_looping() and panel.osd.text() == "Loop off"


def test_marks_refuse_while_nothing_seekable_plays_and_the_keys_do_not_clash(qtbot, panel):
    activate(qtbot, panel)
    press(qtbot, panel, K.Key_I)
    assert panel.marks.marks() == (None, None)
    assert panel.osd.text() == "Marks need a recording or media that is playing"
    keys = [a.shortcut().toString() for a in panel.player_key_actions()]
    assert len(keys) == len(set(keys))
    for name, sequence in (("markInShortcut", "I"), ("markOutShortcut", "O"),
                           ("clearMarksShortcut", "Shift+X"), ("loopMarksShortcut", "Shift+L")):
        assert panel.marks.actions[name].shortcut() == QKeySequence(sequence)
        assert panel.marks.actions[name] in panel.player_key_actions()


@pytest.mark.parametrize(("text", "seconds"), [("62.5", 62.5), ("1:02.5", 62.5), ("1:02:03.4", 3723.4),
                                               ("0:07", 7.0), ("1:75", None), ("abc", None)])
def test_mark_times_are_read_as_typed(text, seconds):
    assert parse_time(text) == seconds
    if seconds is not None:
        assert parse_time(format_tenths(seconds)) == pytest.approx(seconds)


def test_the_clip_row_shows_once_there_is_a_mark_and_in_out_sit_on_the_seek_row(qtbot, panel, hls):
    bar = panel.marks.bar
    assert not bar.isVisible() and bar.in_button.isVisible() and bar.out_button.isVisible()
    slider = panel.controls.seek_slider
    assert bar.in_button.geometry().center().y() - slider.geometry().center().y() in range(-8, 9)
    play_paused(qtbot, panel, hls.master)
    panel.seek(2000)
    press(qtbot, panel, K.Key_O)
    assert bar.isVisible() and bar.out_time.text() == "0:02.0" and bar.in_time.text() == ""
    press(qtbot, panel, K.Key_X, Qt.KeyboardModifier.ShiftModifier)
    assert not bar.isVisible()
