"""Help ▸ About: versions, the bundled components' licences and "Copy diagnostics"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.ui.app.diagnostics import diagnostics_text, licenses_dir, versions

LICENSE_TEXT = (
    "FastPix Recording Browser is MIT-licensed. The self-contained builds also carry libVLC and its "
    "plugins (LGPL 2.1+, some plugins GPL 2+), Qt 6 and PySide6 (LGPL 3), python-vlc (LGPL 2.1+) "
    "and Python packages under their own licences. The licence texts are in:"
)


def _plain_label(text: str, parent: QWidget, name: str | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    if name:
        label.setObjectName(name)
    return label


class AboutDialog(QDialog):
    def __init__(self, paths: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About FastPix Recording Browser")
        self.paths = paths
        self.versions = versions()
        form = QFormLayout()
        for name, value in self.versions.items():
            key = "".join(ch for ch in name.title() if ch.isalnum())
            form.addRow(f"{name}:", _plain_label(value, self, f"version{key}"))
        folder = licenses_dir()
        self.licenses_folder = folder
        intro = _plain_label(LICENSE_TEXT, self)
        path = _plain_label(str(folder) if folder else "(not included in this installation)", self, "licensesPath")
        self.open_licenses_button = QPushButton("Open licences folder", self)
        self.open_licenses_button.setObjectName("openLicensesButton")
        self.open_licenses_button.setEnabled(folder is not None)
        self.open_licenses_button.clicked.connect(self.open_licenses)
        self.copy_button = QPushButton("&Copy diagnostics", self)
        self.copy_button.setObjectName("copyDiagnosticsButton")
        self.copy_button.setToolTip("Versions, platform, folders and recent log lines (no secrets), for a bug report")
        self.copy_button.clicked.connect(self.copy_diagnostics)
        self.copied_label = _plain_label("", self, "copiedLabel")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("aboutButtons")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(intro)
        layout.addWidget(path)
        layout.addWidget(self.open_licenses_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.copied_label)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def open_licenses(self) -> None:
        if self.licenses_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.licenses_folder)))

    def copy_diagnostics(self) -> str:
        text = diagnostics_text(self.paths)
        QGuiApplication.clipboard().setText(text)
        self.copied_label.setText("Diagnostics copied to the clipboard (no secrets or tokens).")
        return text


def install_help_menu(window: Any, paths: Any = None) -> None:
    """Help ▸ About… (and Copy diagnostics) on `window`; the dialog is `window.about_dialog`."""
    menu = window.menu("&Help")
    about = QAction("&About FastPix Recording Browser", window)
    about.setObjectName("aboutAction")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    copy = QAction("Copy &diagnostics", window)
    copy.setObjectName("copyDiagnosticsAction")
    window.about_dialog = None

    def show_about() -> AboutDialog:
        if window.about_dialog is None:
            window.about_dialog = AboutDialog(paths, window)
            window.about_dialog.finished.connect(lambda _r: setattr(window, "about_dialog", None))
            window.about_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.about_dialog.open()
        return window.about_dialog

    def copy_now() -> None:
        QGuiApplication.clipboard().setText(diagnostics_text(paths))
        window.statusBar().showMessage("Diagnostics copied to the clipboard (no secrets or tokens).", 8000)

    about.triggered.connect(show_about)
    copy.triggered.connect(copy_now)
    menu.addAction(copy)
    menu.addAction(about)
    window.show_about = show_about
