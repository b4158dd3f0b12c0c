"""Issue 16 item 7: S saves the frame straight into a folder chosen once (Pictures unless
changed), named `<title> <position>.png`, with a status-bar note whose button opens the
folder; a failure (nothing playing, a folder that cannot be written) says why."""

from __future__ import annotations

from pathlib import Path

from player_helpers import media_titled, play_media
from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QImage
from PySide6.QtWidgets import QFileDialog

from fastpix_viewer.ui.playback.snapshots import default_snapshot_folder

TITLE = "Interview — English / Español"
STEM = "Interview — English _ Español"  # a slash in a title never makes a sub-folder


class _OpenedUrls(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_s_saves_title_and_position_into_the_chosen_folder(app, qtbot, tmp_path, monkeypatch):
    window = app.window()
    snapshots = window.player_features.snapshots
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    assert snapshots.folder() == default_snapshot_folder() == Path(pictures)  # nothing chosen yet
    key = window.player.findChild(QAction, "snapshotShortcut")
    key.trigger()
    assert window.status_text() == "Nothing to snapshot: no video is showing."

    shots = tmp_path / "shots"  # made on the first snapshot
    # The folder dialog is the OS's; what it answers is what the user picked.
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(shots))
    window.findChild(QAction, "snapshotFolderAction").trigger()
    assert snapshots.folder() == shots

    player = window.player
    play_media(qtbot, window, media_titled(window, TITLE))
    qtbot.waitUntil(lambda: player.can_seek() and player.controls.snapshot_button.isEnabled(), timeout=10000)
    player.pause()
    qtbot.waitUntil(lambda: player.state() == "paused", timeout=5000)
    player.seek(2300)
    qtbot.wait(300)
    with qtbot.waitSignal(player.snapshotSaved, timeout=5000) as saved:
        key.trigger()
    first = shots / f"{STEM} 0m02s.png"
    assert saved.args == [str(first)] and QImage(str(first)).width() > 0
    note = snapshots.note
    assert note.isVisible() and note.label.text() == f"Snapshot saved: {first.name}"

    opened = _OpenedUrls()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        qtbot.mouseClick(note.open_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.urls == [QUrl.fromLocalFile(str(shots))]

    with qtbot.waitSignal(player.snapshotSaved, timeout=5000) as again:
        key.trigger()
    assert again.args == [str(shots / f"{STEM} 0m02s (2).png")]  # never over the first
    assert first.is_file()

    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    snapshots.set_folder(blocked / "shots")
    key.trigger()
    assert window.status_text().startswith(f"Cannot save the snapshot: the folder {blocked / 'shots'} cannot be made")
    assert sorted(p.name for p in shots.iterdir()) == sorted([first.name, f"{STEM} 0m02s (2).png"])
