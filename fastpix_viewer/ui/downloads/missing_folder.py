"""The download folder is gone (renamed, deleted, an unplugged drive): ask, never lose the download.

`ask_missing_folder` shows "Create it / Choose another… / Cancel". Create makes the folder
(and its parents) again; Choose opens a folder picker and remembers the choice. Either way the
download the user asked for then starts (`then`); Cancel starts nothing and changes nothing.
Nothing is deleted or moved: the worst outcome is an empty folder the user asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

log = logging.getLogger(__name__)


class MissingFolder(QObject):
    """The question and, after "Choose another…", the folder picker (both non-blocking)."""

    def __init__(self, parent: QWidget | None, folder: Path, remember: Callable[[Path], None],
                 then: Callable[[], None]) -> None:
        super().__init__(parent)
        self.folder = folder
        self._remember = remember
        self._then = then
        self.picker: QFileDialog | None = None
        self.error_box: QMessageBox | None = None
        box = QMessageBox(QMessageBox.Icon.Question, "Download folder missing", "",
                          QMessageBox.StandardButton.NoButton, parent)
        box.setObjectName("missingFolderDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"The download folder {folder} does not exist (it may have been moved, renamed, "
                    "or be on a drive that is not connected).\n\nCreate it again, or choose another folder?")
        self.create_button = box.addButton("Create folder", QMessageBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("missingFolderCreateButton")
        self.choose_button = box.addButton("Choose another…", QMessageBox.ButtonRole.ActionRole)
        self.choose_button.setObjectName("missingFolderChooseButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel.setObjectName("missingFolderCancelButton")
        box.setDefaultButton(self.create_button)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(self._answered)
        self.box: QMessageBox | None = box
        box.open()

    def _answered(self, button: object) -> None:
        self.box = None
        if button is self.create_button:
            self._create()
        elif button is self.choose_button:
            self._choose()

    def _create(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as problem:
            # e.g. the drive is not there or the parent is read-only: say so, nothing else changes.
            reason = problem.strerror or type(problem).__name__
            log.info("could not create the download folder: %s", reason)
            self._fail(f"Could not create {self.folder}: {reason}. Choose another folder "
                       "(Item › Download folder…) and try again.")
            return
        self._then()

    def _choose(self) -> None:
        start = next((p for p in self.folder.parents if p.is_dir()), Path.home())
        picker = QFileDialog(self.parent(), "Download folder", str(start))  # type: ignore[arg-type]
        picker.setObjectName("downloadFolderPicker")
        picker.setFileMode(QFileDialog.FileMode.Directory)
        picker.setOption(QFileDialog.Option.ShowDirsOnly, True)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.fileSelected.connect(self._chosen)
        self.picker = picker
        picker.open()

    def _chosen(self, path: str) -> None:
        self.picker = None
        chosen = Path(path)
        if not chosen.is_dir():
            self._fail(f"{chosen} is not a folder; nothing was downloaded.")
            return
        self._remember(chosen)
        self._then()

    def _fail(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot download", "", QMessageBox.StandardButton.Ok,
                          self.parent())  # type: ignore[arg-type]
        box.setObjectName("missingFolderErrorDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box = box
        box.open()


def ask_missing_folder(parent: QWidget | None, folder: Path, remember: Callable[[Path], None],
                       then: Callable[[], None]) -> MissingFolder:
    """Ask what to do about the missing `folder` (see the module docstring)."""
    return MissingFolder(parent, folder, remember, then)


__all__ = ["MissingFolder", "ask_missing_folder"]
