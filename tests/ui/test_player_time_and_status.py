"""The control row on real libVLC (dummy outputs): the time label always says where playback
is (paused too), and status text never changes the panel's size (a long snapshot or
buffering note used to widen the control row and move the window's splitter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter

from fastpix_viewer.ui.playback import PlayerPanel
from fastpix_viewer.ui.playback.request import format_ms

PLAY_TIMEOUT_MS = 10000


def start(qtbot, panel, url, **kwargs):
    with qtbot.waitSignal(panel.playingChanged, timeout=PLAY_TIMEOUT_MS,
                          check_params_cb=lambda playing: playing):
        panel.play(url, **kwargs)
    qtbot.waitUntil(panel.can_seek, timeout=5000)


def label_time(panel) -> str:
    return panel.controls.time_label.text().split(" / ")[0]


def test_time_label_follows_a_paused_player(qtbot, panel, hls):
    start(qtbot, panel, hls.master)
    qtbot.waitUntil(lambda: panel.time_ms() >= 1500, timeout=5000)
    panel.pause()
    qtbot.waitUntil(lambda: panel.state() == "paused", timeout=3000)
    for _ in range(5):  # several polls while paused: the label never falls back to 00:00
        qtbot.wait(PlayerPanel.POLL_MS)
        assert label_time(panel) == format_ms(panel.position_ms()) != "00:00"
    panel.seek(3300)  # a seek while paused shows its target at once and keeps it
    assert label_time(panel) == "00:03"
    for _ in range(5):
        qtbot.wait(PlayerPanel.POLL_MS)
        assert label_time(panel) == "00:03"
    panel.seek_relative(-1500)
    qtbot.wait(PlayerPanel.POLL_MS * 2)
    assert label_time(panel) == "00:01"


def test_time_label_never_reads_zero_while_libvlc_reports_no_time(qtbot, panel, hls):
    """libVLC reports -1 or 0 for a while after a seek or while an input restarts; the label
    keeps the position the panel knows instead of jumping to 00:00."""
    start(qtbot, panel, hls.master)
    panel.pause()
    qtbot.waitUntil(lambda: panel.state() == "paused", timeout=3000)
    panel.seek(1900)
    assert label_time(panel) == "00:01"
    player = panel.vlc_player()
    real_get_time = player.get_time
    player.get_time = lambda: -1  # the fault: no time reported (seen while paused)
    try:
        for _ in range(3):
            qtbot.wait(PlayerPanel.POLL_MS)
            assert label_time(panel) == "00:01"
    finally:
        player.get_time = real_get_time


def test_status_text_never_resizes_the_panel_or_moves_the_splitter(qtbot, headless_vlc, tmp_path):
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    left = QLabel("lists")
    panel = PlayerPanel(snapshot_dir=tmp_path)
    splitter.addWidget(left)
    splitter.addWidget(panel)
    qtbot.addWidget(splitter)
    splitter.resize(1000, 500)
    splitter.setSizes([600, 400])
    splitter.show()
    qtbot.waitExposed(splitter)
    sizes = splitter.sizes()
    hint = panel.minimumSizeHint().width()
    panel.controls.status_label.setText(
        "Snapshot saved: a very long recording title that goes on and on 00-01-02.png " * 3)
    qtbot.wait(50)
    assert panel.minimumSizeHint().width() == hint
    assert splitter.sizes() == sizes
    # The time label keeps one width whatever it reads, so the row never shifts as it ticks.
    time_label = panel.controls.time_label
    width = time_label.width()
    time_label.setText("10:00:00 / 10:00:00")
    qtbot.wait(50)
    assert time_label.width() == width
    panel.shutdown()
