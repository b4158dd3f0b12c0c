"""The player's keys from anywhere in its window, on real libVLC (dummy outputs) and the test
HLS stream: in a window like the app's (a list, a filter field, a button, the player), the
keys drive the player wherever the focus is, except that a text field keeps its typing and
a list keeps its arrows; the on-screen display says what changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QTreeView, QVBoxLayout, QWidget

from fastpix_viewer.ui.playback import PlayerPanel

PLAY_TIMEOUT_MS = 10000
K = Qt.Key


@pytest.fixture
def window(qtbot, headless_vlc, tmp_path):
    root = QWidget()
    side = QVBoxLayout()
    root.filter_edit = QLineEdit(root)
    root.list_view = QTreeView(root)
    model = QStandardItemModel(root)
    for n in range(5):
        model.appendRow(QStandardItem(f"Recording {n}"))
    root.list_view.setModel(model)
    root.list_view.setCurrentIndex(model.index(0, 0))
    root.button = QPushButton("Something else", root)
    for w in (root.filter_edit, root.list_view, root.button):
        side.addWidget(w)
    root.panel = PlayerPanel(root, snapshot_dir=tmp_path)
    layout = QHBoxLayout(root)
    layout.addLayout(side)
    layout.addWidget(root.panel, 1)
    qtbot.addWidget(root)
    root.resize(1000, 500)
    root.show()
    qtbot.waitExposed(root)
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow, timeout=2000)
    yield root
    root.panel.shutdown()


def play(qtbot, panel, url):
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                          check_params_cb=lambda playing: playing):
        panel.play(url)
    qtbot.waitUntil(panel.can_seek, timeout=5000)


def focus(qtbot, widget):
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def test_keys_work_with_the_focus_outside_the_player(qtbot, window, hls):
    panel = window.panel
    play(qtbot, panel, hls.master)
    focus(qtbot, window.button)
    with qtbot.waitSignal(panel.stateChanged, check_params_cb=lambda s: s == "paused"):
        qtbot.keyClick(window.button, K.Key_K)
    qtbot.keyClick(window.button, K.Key_Home)
    assert panel.position_ms() == 0 and panel.osd.text() == "Start"
    qtbot.keyClick(window.button, K.Key_L)
    assert panel.position_ms() == panel.length_ms() - 250  # +10 s on a 6 s clip: the end
    assert panel.osd.text() == "+10 s" and panel.controls.status_label.text() == "+10 s"
    qtbot.keyClick(window.button, K.Key_J)
    assert panel.position_ms() == 0 and panel.osd.text() == "−10 s"
    qtbot.keyClick(window.button, K.Key_Right)
    assert panel.position_ms() == 5000 and panel.osd.text() == "+5 s"
    qtbot.keyClick(window.button, K.Key_Left)
    assert panel.position_ms() == 0
    qtbot.keyClick(window.button, K.Key_End)
    assert panel.position_ms() == panel.length_ms() - 250 and panel.osd.text() == "End"
    qtbot.keyClick(window.button, K.Key_Comma)  # one frame back while paused
    assert panel.length_ms() - 250 - 100 < panel.position_ms() < panel.length_ms() - 250
    assert panel.osd.text() == "Previous frame"

    qtbot.keyClick(window.button, K.Key_BracketRight)
    assert panel.speed() == 1.25 and panel.osd.text() == "Speed 1.25x"
    assert panel.controls.speed_button.text() == "1.25x"
    qtbot.keyClick(window.button, K.Key_BracketLeft)
    qtbot.keyClick(window.button, K.Key_BracketLeft)
    assert panel.speed() == 0.75 and panel.osd.text() == "Speed 0.75x"
    panel.set_volume(75)
    qtbot.keyClick(window.button, K.Key_Up)
    assert panel.volume() == 80 and panel.osd.text() == "Volume 80%"
    qtbot.keyClick(window.button, K.Key_Down)
    assert panel.volume() == 75
    qtbot.keyClick(window.button, K.Key_M)
    assert panel.is_muted() and panel.osd.text() == "Muted"
    qtbot.keyClick(window.button, K.Key_M)
    assert not panel.is_muted() and panel.osd.text() == "Volume 75%"
    with qtbot.waitSignal(panel.stateChanged, check_params_cb=lambda s: s == "playing"):
        qtbot.keyClick(window.button, K.Key_Space)
    with qtbot.waitSignal(panel.stateChanged, check_params_cb=lambda s: s == "paused"):
        qtbot.keyClick(window.button, K.Key_Period)  # while playing, the first press pauses


def test_a_text_field_keeps_its_typing(qtbot, window, hls):
    panel = window.panel
    play(qtbot, panel, hls.master)
    focus(qtbot, window.filter_edit)
    qtbot.keyClicks(window.filter_edit, "k ml")
    qtbot.keyClick(window.filter_edit, K.Key_Left)
    qtbot.keyClick(window.filter_edit, K.Key_Up)
    qtbot.wait(300)
    assert window.filter_edit.text() == "k ml"
    assert panel.state() == "playing" and not panel.is_muted() and panel.volume() == 100
    # Focus back outside the text field: the keys drive the player again.
    focus(qtbot, window.button)
    with qtbot.waitSignal(panel.stateChanged, check_params_cb=lambda s: s == "paused"):
        qtbot.keyClick(window.button, K.Key_K)


def test_a_list_keeps_its_arrows_and_the_letters_still_work(qtbot, window, hls):
    panel = window.panel
    play(qtbot, panel, hls.master)
    panel.set_volume(50)
    view = window.list_view
    focus(qtbot, view)
    qtbot.keyClick(view, K.Key_Down)
    qtbot.keyClick(view, K.Key_Down)
    assert view.currentIndex().row() == 2 and panel.volume() == 50
    qtbot.keyClick(view, K.Key_End)
    assert view.currentIndex().row() == 4
    qtbot.keyClick(view, K.Key_M)
    assert panel.is_muted()
    # In the player itself the arrows are the player's.
    focus(qtbot, panel)
    qtbot.keyClick(panel, K.Key_Up)
    assert panel.volume() == 55


def test_every_key_is_listed_for_help(qtbot, window):
    actions = window.panel.player_key_actions()
    keys = {a.shortcut().toString() for a in actions}
    assert {"Space", "K", "J", "L", "Left", "Right", "[", "]", ",", ".", "Home", "End", "M",
            "Up", "Down", "S", "F", "Esc"} <= keys
    assert all(a.text() for a in actions)
