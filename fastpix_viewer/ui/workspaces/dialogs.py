"""The welcome dialog (first start) and the add/edit workspace dialog, both around ConnectForm."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api.profiles import Profile, ProfileStore
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.workspaces.connect_form import ClientFactory, Connected, ConnectForm

WELCOME_TEXT = (
    "Connect a FastPix workspace to browse its live streams and recordings. You need an access "
    "token from the FastPix dashboard (Settings ▸ Access Tokens). The secret key is kept in the "
    "system keyring, never in a file."
)


class _FormDialog(QDialog):
    """A dialog hosting a ConnectForm; `connected(Connected)` then accept()."""

    connected = Signal(object)

    def _attach(self, form: ConnectForm) -> None:
        self.form = form
        self.result_value: Connected | None = None
        form.connected.connect(self._on_connected)

    def _on_connected(self, result: Connected) -> None:
        self.result_value = result
        self.connected.emit(result)
        self.accept()

    def reject(self) -> None:
        self.form.cancel()  # a check still running is dropped, nothing is saved
        super().reject()


class WelcomeDialog(_FormDialog):
    """First start: connect a workspace, or try the demo (`demoRequested`)."""

    demoRequested = Signal()

    def __init__(self, store: ProfileStore, pool: WorkerPool, client_factory: ClientFactory,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle("Welcome to FastPix Recording Browser")
        heading = QLabel("Connect a FastPix workspace", self)
        heading.setObjectName("welcomeHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(WELCOME_TEXT, self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self._attach(ConnectForm(store, pool, client_factory, parent=self))
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        self.demo_button = QPushButton("Try the demo workspace", self)
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setToolTip("A built-in sample workspace on this computer; nothing is saved.")
        self.demo_button.clicked.connect(self._on_demo)
        self.form.busyChanged.connect(lambda busy: self.demo_button.setEnabled(not busy))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(line)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.resize(560, self.sizeHint().height())
        self.form.name_edit.setFocus()

    def _on_demo(self) -> None:
        self.form.cancel()
        self.demoRequested.emit()
        self.accept()


class WorkspaceDialog(_FormDialog):
    """Add a workspace (`editing` None) or change a saved one."""

    def __init__(self, store: ProfileStore, pool: WorkerPool, client_factory: ClientFactory, *,
                 editing: Profile | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspaceDialog")
        self.setWindowTitle(f"Edit workspace “{editing.name}”" if editing else "Add a FastPix workspace")
        self._attach(ConnectForm(store, pool, client_factory, editing=editing, parent=self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.setObjectName("workspaceDialogButtons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self.form.name_edit.setFocus()
