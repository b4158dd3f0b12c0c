"""Issue 16 item 8: Copy link at time (Ctrl+Shift+T) puts the share link and the HLS URL of
what plays, at the current position, on the clipboard for a chat, with a status-bar note;
Help › Keyboard shortcuts lists the key (it reads the live actions)."""

from __future__ import annotations

from player_helpers import media_titled, play_media
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtTest import QTest

from fastpix_viewer.api.playback import share_playback_id, share_url
from fastpix_viewer.ui.app.shortcuts_help import install_shortcuts_help, shortcut_rows
from fastpix_viewer.ui.playback.link_at_time import NOTHING_PLAYING

INTERVIEW = "Interview — English / Español"  # public (and private) playback IDs
PRIVATE = "Colour bars (private)"


def _pause_at(qtbot, player, ms: int) -> None:
    qtbot.waitUntil(player.can_seek, timeout=10000)
    player.pause()
    qtbot.waitUntil(lambda: player.state() == "paused", timeout=5000)
    player.seek(ms)
    qtbot.waitUntil(lambda: player.position_ms() == ms, timeout=5000)


def test_ctrl_shift_t_copies_both_links_at_the_position(app, sandbox, qtbot):
    window = app.window()
    action = window.findChild(QAction, "copyLinkAtTimeAction")
    assert action.shortcut().toString() == "Ctrl+Shift+T"
    assert action in window.menu("&Playback").actions()
    install_shortcuts_help(window)
    assert ("Ctrl+Shift+T", "Copy link at current time") in shortcut_rows(window)

    QGuiApplication.clipboard().setText("untouched")
    action.trigger()  # nothing plays yet
    assert window.status_text() == NOTHING_PLAYING
    assert QGuiApplication.clipboard().text() == "untouched"

    interview = media_titled(window, INTERVIEW)
    play_media(qtbot, window, interview)
    player = window.player
    _pause_at(qtbot, player, 3400)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    QTest.keyClick(window.media_pane.view, Qt.Key.Key_T,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() != "untouched", timeout=2000)
    lines = QGuiApplication.clipboard().text().splitlines()
    pid = share_playback_id(interview)
    assert lines == [f"{INTERVIEW} at 00:03", f"{share_url(pid)}#t=3", f"{player.request().url}#t=3"]
    assert lines[2].startswith(sandbox.stream_base) and "token=" not in lines[2]
    assert window.status_text() == "Copied the share link and the HLS URL at 00:03."


def test_a_private_videos_link_says_until_when_it_works(app, qtbot):
    window = app.window()
    play_media(qtbot, window, media_titled(window, PRIVATE))
    _pause_at(qtbot, window.player, 2000)
    text = window.player_features.link_at_time.copy()
    assert text is not None and "token=" in text.splitlines()[2] and text.splitlines()[2].endswith("#t=2")
    assert "The HLS URL is signed (private video): it works until" in window.status_text()
