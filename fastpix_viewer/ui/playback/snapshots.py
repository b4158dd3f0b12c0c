"""Snapshots (S) straight into a folder chosen once: Pictures by default (the platform's own,
via QStandardPaths), changed in Playback › Snapshot folder…. Each file is named
`<title> <position>.png` ("Keynote 1m23s.png"; " (2)" when that name is taken), and a note in
the status bar names it with a button that opens the folder. A failure says why (nothing
playing, the folder cannot be written, libVLC had no frame).

The panel saves the frame (view_modes.take_snapshot, libVLC on the main thread); this module
chooses where and under which name, and tells the user.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QToolButton, QWidget

from fastpix_viewer.api.file_names import safe_stem
from fastpix_viewer.ui.core.settings import UiSettings

FOLDER_KEY = "player/snapshot_folder"  # one folder for every workspace, like a download folder
NOTE_MS = 15000


def default_snapshot_folder() -> Path:
    """The user's Pictures folder (home when the platform names none)."""
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return Path(pictures) if pictures else Path.home()


def position_text(ms: int) -> str:
    """"1m23s", "1h02m03s": a position that is valid in a file name on every OS (no colons)."""
    seconds = max(0, int(ms)) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


def snapshot_name(folder: Path, title: str, position_ms: int) -> str:
    """`<title> <position>.png`, not taken yet in `folder` (API text made safe for a file name)."""
    stem = f"{safe_stem(title, 'snapshot')} {position_text(position_ms)}"
    name, n = f"{stem}.png", 2
    while (folder / name).exists():
        name, n = f"{stem} ({n}).png", n + 1
    return name


def folder_problem(folder: Path) -> str | None:
    """Why a snapshot cannot go into `folder` (made if missing), or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        return f"Cannot save the snapshot: the folder {folder} cannot be made ({problem.strerror or problem})."
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        return f"Cannot save the snapshot: the folder {folder} is not writable. Choose another in Playback › Snapshot folder…."
    return None


class SnapshotNote(QWidget):
    """"Saved Keynote 1m23s.png [Open folder]" at the right of the status bar, for a while."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("snapshotNote")
        self.label = QLabel(self)
        self.label.setObjectName("snapshotNoteLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # the name holds the media's title
        self.open_button = QToolButton(self)
        self.open_button.setObjectName("openSnapshotFolderButton")
        self.open_button.setText("Open folder")
        self.open_button.setAutoRaise(True)
        self.open_button.clicked.connect(self.open_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.open_button)
        self._folder: Path | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(NOTE_MS)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_saved(self, path: Path) -> None:
        self._folder = path.parent
        self.label.setText(f"Snapshot saved: {path.name}")
        self.show()
        self._timer.start()

    def open_folder(self) -> bool:
        return self._folder is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))


class Snapshots(QObject):
    """Points the panel's snapshots at the chosen folder and names; the Playback menu entry."""

    def __init__(self, window: Any, settings: UiSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._panel = window.player
        self._panel.snapshot_dir = self.folder()
        self._panel.snapshot_namer = self._name
        self._panel.snapshotSaved.connect(self._on_saved)
        self._panel.snapshotFailed.connect(window.show_status)
        self.note = SnapshotNote(window.statusBar())
        window.statusBar().addPermanentWidget(self.note)
        self.choose_action = QAction("Snapshot &folder…", window)
        self.choose_action.setObjectName("snapshotFolderAction")
        self.choose_action.setToolTip("Where S saves snapshots (Pictures unless you choose another)")
        self.choose_action.triggered.connect(lambda _checked=False: self.choose())
        window.menu("&Playback").addAction(self.choose_action)

    def folder(self) -> Path:
        chosen = self._settings.str_value(FOLDER_KEY)
        return Path(chosen) if chosen else default_snapshot_folder()

    def set_folder(self, folder: Path) -> None:
        self._settings.set_str(FOLDER_KEY, str(folder))
        self._settings.sync()
        self._panel.snapshot_dir = folder

    def choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self._window, "Snapshot folder", str(self.folder()))
        if chosen:
            self.set_folder(Path(chosen))
            self._window.show_status(f"Snapshots now go to {chosen}.")

    def _name(self, folder: Path) -> str:
        request = self._panel.request()
        title = request.title if request is not None and request.title else "snapshot"
        return snapshot_name(folder, title, self._panel.position_ms())

    def _on_saved(self, path: str) -> None:
        self.note.show_saved(Path(path))
