"""Starting without a workspace or without libVLC, and closing during playback."""

from __future__ import annotations

from fpv_support.app_harness import all_items
from PySide6.QtCore import Qt

from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.playback.vlc_setup import VlcOptionsError
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, NO_WORKSPACE_HELP, MainWindow


def test_without_a_workspace_the_window_explains_how_to_add_one(qtbot, tmp_path):
    pool = WorkerPool(2)
    window = MainWindow(None, pool, UiSettings(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.refresh()  # nothing to load, nothing to crash
    assert not window.notice_label.isHidden()
    assert window.notice_label.text() == NO_WORKSPACE_HELP
    assert "fastpix-viewer profiles add" in window.notice_label.text() and "--demo" in window.notice_label.text()
    assert window.workspace_label.text() == "No workspace"
    assert not window.refresh_action.isEnabled()
    window.close()
    pool.shutdown()


def test_without_libvlc_the_lists_still_work_and_play_explains(app, sandbox, qtbot, monkeypatch):
    def no_vlc(_parent):
        raise VlcOptionsError("libVLC rejected these options: --bogus.", ["--bogus"])

    monkeypatch.setattr("fastpix_viewer.ui.shell.main_window.MainWindow._default_player", staticmethod(no_vlc))
    window = app.window()
    assert window.player is None and window.controller is None
    label = window.player_widget
    assert label.objectName() == "playerUnavailable" and "--bogus" in label.text()
    assert window.media_model.rowCount() == len(all_items(sandbox, "on-demand"))
    hostile = next(m for m in all_items(sandbox, "on-demand") if "<img" in (m.get("title") or ""))
    window.select(MEDIA_TAB, hostile["id"])
    window.play_action.trigger()
    dialog = window.error_dialog()
    assert dialog is not None and dialog.textFormat() == Qt.TextFormat.PlainText
    assert " ".join(hostile["title"].split()) in dialog.text() and "--bogus" in dialog.text()
    dialog.close()


def test_closing_during_playback_releases_the_player(app, sandbox, qtbot):
    window = app.window()
    ready = next(m for m in all_items(sandbox, "on-demand") if m.get("title") == "Keynote")
    window.select(MEDIA_TAB, ready["id"])
    window.play_item(window.current_item())
    qtbot.waitUntil(lambda: window.player.state() == "playing", timeout=20000)
    window.close()
    assert window.player.is_shut_down
    assert window.player.vlc_player() is None
