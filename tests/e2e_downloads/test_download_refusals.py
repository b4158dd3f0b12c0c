"""Ctrl+D never does nothing (issue 16 item 15): a media without a ready file says why, and
a download folder that is gone is offered to be made again or replaced, then the download
starts; cancelling changes nothing. Against the sandbox over real HTTP."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from test_downloads_e2e import _sandbox_file, _window_in, _with_rendition

from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.downloads.manager import DONE, MP4
from fastpix_viewer.ui.shell.main_window import STREAMS_TAB


def _no_file_box(window, qtbot) -> QMessageBox:
    qtbot.waitUntil(lambda: window.downloads.no_file_dialog is not None, timeout=5000)
    box = window.downloads.no_file_dialog
    assert box.objectName() == "noDownloadDialog" and box.isVisible()
    assert box.textFormat() == Qt.TextFormat.PlainText
    return box


def _press_ctrl_d(window, qtbot) -> None:
    """Ctrl+D as the user presses it, with the list focused."""
    window.activateWindow()
    window.media_pane.view.setFocus()
    qtbot.keyClick(window.media_pane.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_d_on_a_media_without_mp4_says_why(app, sb, qtbot, tmp_path):
    no_files = next(m for m in sb.media() if m["status"] == "Ready" and not m.get("mp4Support"))
    window = _window_in(app, tmp_path / "dl", no_files["id"])
    window.downloads.no_mp4_offer = None  # a window without the clips feature (its offer: tests/e2e_clips)
    action = window.downloads.mp4_action
    assert action.shortcut() == QKeySequence("Ctrl+D") and action.isEnabled()
    _press_ctrl_d(window, qtbot)
    box = _no_file_box(window, qtbot)
    name = item_title(window.current_item())
    assert name in box.text() and "MP4" in box.text() and "not turned on" in box.text()
    # Without the clips feature's hook there is nothing to offer: only a way out.
    assert box.findChild(QPushButton, "enableMp4Button") is None
    assert window.downloads.manager.tasks == [] and list((tmp_path / "dl").iterdir()) == []
    box.findChild(QPushButton, "noDownloadOkButton").click()
    qtbot.waitUntil(lambda: window.downloads.no_file_dialog is None, timeout=5000)


def test_the_enable_mp4_hook_is_offered_and_gets_the_media(app, sb, qtbot, tmp_path):
    no_files = next(m for m in sb.media() if m["status"] == "Ready" and not m.get("mp4Support"))
    window = _window_in(app, tmp_path / "dl", no_files["id"])
    asked: list[Media] = []
    window.downloads.no_mp4_offer = None  # the explaining box's own hook, without the clips dialog
    window.downloads.enable_mp4 = asked.append
    window.downloads.mp4_action.trigger()
    box = _no_file_box(window, qtbot)
    box.findChild(QPushButton, "enableMp4Button").click()
    assert [m.id for m in asked] == [no_files["id"]]
    # The audio action has no such offer (the hook turns MP4 files on).
    window.downloads.audio_action.trigger()
    box = _no_file_box(window, qtbot)
    assert "audio" in box.text() and box.findChild(QPushButton, "enableMp4Button") is None


@pytest.mark.parametrize(("pick", "words"), [
    (lambda m: m["status"] == "Processing", "not ready yet"),
    (lambda m: m["status"] == "Failed", "failed in FastPix"),
])
def test_a_media_that_is_not_ready_says_so(app, sb, qtbot, tmp_path, pick, words):
    chosen = next(m for m in sb.media() if pick(m))
    window = _window_in(app, tmp_path / "dl", chosen["id"])
    window.downloads.mp4_action.trigger()
    box = _no_file_box(window, qtbot)
    assert words in box.text() and chosen["status"] in box.text()
    assert window.downloads.manager.tasks == []


def test_a_rendition_still_preparing_says_try_later(app, sb, sandbox, qtbot, tmp_path):
    chosen = _with_rendition(sb, MP4)
    # FastPix is (re)making the file: the sandbox lists the rendition as "preparing" until then.
    record = sandbox.state.workspace.media(chosen["id"])
    record.mp4_pending = {"capped_4k": time.monotonic() + 600}
    window = _window_in(app, tmp_path / "dl", chosen["id"])
    assert [r.status for r in window.current_item().mp4_renditions if not r.is_audio] == ["preparing"]
    # The MP4 action: the clips feature offers "Download when ready" (tests/e2e_clips). The audio
    # action, and a window without that feature, say why in the explaining box.
    window.downloads.no_mp4_offer = None
    window.downloads.mp4_action.trigger()
    box = _no_file_box(window, qtbot)
    assert "still preparing" in box.text() and "preparing" in box.text()


def test_a_live_stream_points_to_its_recordings(app, sb, qtbot, tmp_path):
    stream = next(s for s in sb.streams() if s.get("mediaIds"))
    (tmp_path / "dl").mkdir()
    window = app.window()
    window.downloads.manager.set_folder(tmp_path / "dl")
    assert window.select(STREAMS_TAB, stream["streamId"])
    app.wait_idle(window)
    assert window.downloads.mp4_action.isEnabled()
    window.downloads.mp4_action.trigger()
    box = _no_file_box(window, qtbot)
    assert "live stream" in box.text() and "recordings" in box.text()


# ---------------------------------------------------------------------- the folder is gone


def _gone_folder_window(app, sb, tmp_path: Path):
    media = _with_rendition(sb, MP4)
    window = _window_in(app, tmp_path / "dl", media["id"])
    gone = tmp_path / "unplugged" / "Downloads"
    window.downloads.manager.set_folder(gone)
    window.downloads.mp4_action.trigger()
    assert window.downloads.manager.tasks == []  # nothing starts before the answer
    folder = window.downloads.manager.missing_folder
    assert folder is not None and folder.box is not None
    assert folder.box.objectName() == "missingFolderDialog" and str(gone) in folder.box.text()
    return media, window, folder, gone


def test_a_missing_folder_is_created_and_the_download_starts(app, sb, sandbox, qtbot, tmp_path):
    media, window, folder, gone = _gone_folder_window(app, sb, tmp_path)
    folder.box.findChild(QPushButton, "missingFolderCreateButton").click()
    qtbot.waitUntil(lambda: len(window.downloads.manager.tasks) == 1, timeout=5000)
    task = window.downloads.manager.tasks[0]
    qtbot.waitUntil(lambda: task.state == DONE, timeout=20000)
    assert task.destination.parent == gone
    assert task.destination.read_bytes() == _sandbox_file(sandbox, media)


def test_choosing_another_folder_downloads_there_and_remembers_it(app, sb, sandbox, qtbot, tmp_path):
    media, window, folder, gone = _gone_folder_window(app, sb, tmp_path)
    other = tmp_path / "elsewhere"
    other.mkdir()
    folder.box.findChild(QPushButton, "missingFolderChooseButton").click()
    qtbot.waitUntil(lambda: folder.picker is not None and folder.picker.isVisible(), timeout=5000)
    picker = folder.picker
    assert isinstance(picker, QFileDialog) and picker.fileMode() == QFileDialog.FileMode.Directory
    picker.setDirectory(str(other))
    picker.selectFile(str(other))
    picker.accept()
    qtbot.waitUntil(lambda: len(window.downloads.manager.tasks) == 1, timeout=5000)
    task = window.downloads.manager.tasks[0]
    qtbot.waitUntil(lambda: task.state == DONE, timeout=20000)
    assert task.destination.parent == other
    assert task.destination.read_bytes() == _sandbox_file(sandbox, media)
    assert window.downloads.manager.folder() == other  # kept for the next download
    assert not gone.exists() and not gone.parent.exists()  # nothing made that was not asked for


def test_cancel_changes_nothing(app, sb, qtbot, tmp_path):
    _media, window, folder, gone = _gone_folder_window(app, sb, tmp_path)
    folder.box.findChild(QPushButton, "missingFolderCancelButton").click()
    qtbot.wait(100)  # checking that nothing happens
    assert window.downloads.manager.tasks == [] and not gone.parent.exists()
    assert window.downloads.manager.folder() == gone  # the setting is the user's; not rewritten


def test_a_folder_that_cannot_be_created_says_why(app, sb, qtbot, tmp_path):
    media = _with_rendition(sb, MP4)
    window = _window_in(app, tmp_path / "dl", media["id"])
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"not a folder")
    window.downloads.manager.set_folder(blocker / "Downloads")
    window.downloads.mp4_action.trigger()
    folder = window.downloads.manager.missing_folder
    folder.box.findChild(QPushButton, "missingFolderCreateButton").click()
    qtbot.waitUntil(lambda: folder.error_box is not None and folder.error_box.isVisible(), timeout=5000)
    assert str(blocker / "Downloads") in folder.error_box.text()
    assert window.downloads.manager.tasks == [] and blocker.read_bytes() == b"not a folder"
