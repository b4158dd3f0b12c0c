"""The welcome dialog (first start) and the add/edit workspace dialog, both around ConnectForm.

The form sits in a scroll area: the wrapped texts need more height as the dialog gets
narrower, which a window's minimum size cannot follow, and without the scroll area Qt
squeezed the rows together (the private-key box drew over the "Custom addresses" check box).
Now every row keeps its height at any size, and a dialog smaller than its content scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api import Workspace
from fastpix_viewer.api.profiles import Profile, ProfileStore
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.workspaces.connect_form import ClientFactory, Connected, ConnectForm

WELCOME_TEXT = (
    "Connect a FastPix workspace to browse its live streams and recordings. You need an access "
    "token from the FastPix dashboard (Settings ▸ Access Tokens). The secret key is kept in the "
    "system keyring, never in a file."
)


DIALOG_WIDTH = 560
MINIMUM_SIZE = QSize(360, 240)  # smaller than the form: it scrolls


class FormScroll(QScrollArea):
    """A frameless vertical scroll area whose size hint is its content's full height at the
    width it has (so the dialog opens showing everything when the screen allows)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # texts wrap instead
        self.setWidget(content)

    def sizeHint(self) -> QSize:
        content = self.widget()
        width = max(content.minimumSizeHint().width(), self.width() if self.isVisible() else DIALOG_WIDTH - 24)
        height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        return QSize(content.sizeHint().width(), height if height > 0 else content.sizeHint().height())


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
        content = QWidget(self)
        content.setObjectName("welcomeContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading)
        column.addWidget(intro)
        column.addWidget(self.form)
        column.addStretch(1)
        self.scroll = FormScroll(content, self)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        self.demo_button = QPushButton("Try the demo workspace", self)
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setToolTip("A built-in sample workspace on this computer; nothing is saved.")
        self.demo_button.clicked.connect(self._on_demo)
        self.form.busyChanged.connect(lambda busy: self.demo_button.setEnabled(not busy))
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(line)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DIALOG_WIDTH, self.sizeHint().height())
        self.form.name_edit.setFocus()

    def _on_demo(self) -> None:
        self.form.cancel()
        self.demoRequested.emit()
        self.accept()


class WorkspaceDialog(_FormDialog):
    """Add a workspace, or change a saved one (`editing`) or a session-only one (`editing_session`)."""

    def __init__(self, store: ProfileStore, pool: WorkerPool, client_factory: ClientFactory, *,
                 editing: Profile | None = None, editing_session: Workspace | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspaceDialog")
        name = editing.name if editing is not None else editing_session.name if editing_session is not None else ""
        self.setWindowTitle(f"Edit workspace “{name}”" if name else "Add a FastPix workspace")
        self._attach(ConnectForm(store, pool, client_factory, editing=editing, editing_session=editing_session,
                                 parent=self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.setObjectName("workspaceDialogButtons")
        buttons.rejected.connect(self.reject)
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.form)
        column.addStretch(1)
        self.scroll = FormScroll(content, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(buttons)
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DIALOG_WIDTH, self.sizeHint().height())
        self.form.name_edit.setFocus()
