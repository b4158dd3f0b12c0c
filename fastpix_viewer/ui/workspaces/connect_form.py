"""The "Connect a FastPix workspace" form: credentials in, a checked and saved workspace out.

Connect first makes one real API call (a one-item streams page) in the background, so a
wrong key or an unreachable host is reported here, in plain words, before anything is
saved. Secrets go only to the keyring (ProfileStore); with no keyring the user may keep
the workspace for this session only, and then nothing at all is written to disk. Such a
session-only workspace can be edited too (e.g. to add a signing key): blank secrets keep
the ones it holds in memory.

A message about the input goes away as soon as the input is fixed (the cheap checks run
again on every edit); a failed check with FastPix goes when any field changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fastpix_viewer.api import FastPixError, Workspace
from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.config import (
    DEFAULT_API_BASE,
    DEFAULT_IMAGE_BASE,
    DEFAULT_STREAM_BASE,
    Endpoints,
)
from fastpix_viewer.api.profiles import Profile, ProfileStore, check_profile_name, keyring_usable
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.workspaces.connect_checks import (
    ClientFactory,
    check_connection,
    describe_connect_failure,
    read_key_file,
)

log = logging.getLogger(__name__)

SESSION_ONLY_TEXT = (
    "No system keyring was found, so the secret key cannot be stored safely. Tick this to use the "
    "workspace for this session only: nothing is written to disk and the workspace is forgotten "
    "when the app closes."
)
KEPT_IN_MEMORY = "unchanged (kept for this session)"


@dataclass(frozen=True)
class Connected:
    """What the form produced: a saved profile (by name) or a session-only workspace."""

    name: str
    workspace: Workspace | None = None  # set only for session-only use (never saved)

    @property
    def session_only(self) -> bool:
        return self.workspace is not None


@dataclass(frozen=True)
class _Input:
    """The form's values once the cheap checks passed."""

    name: str
    token_id: str
    secret: str
    signing_id: str | None
    signing_key: str | None
    keep_secret: bool
    keep_signing: bool
    endpoints: Endpoints
    session_only: bool


class ConnectForm(QWidget):
    """Fields, inline errors and the Connect button. `connected(Connected)` when done.

    `editing`: the profile being changed; a blank secret (or private key) keeps the stored one.
    `editing_session`: a session-only workspace being changed (the same, from memory).
    """

    connected = Signal(object)
    busyChanged = Signal(bool)

    def __init__(
        self,
        store: ProfileStore,
        pool: WorkerPool,
        client_factory: ClientFactory,
        *,
        editing: Profile | None = None,
        editing_session: Workspace | None = None,
        keyring_available: bool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectForm")
        self.store = store
        self.pool = pool
        self.client_factory = client_factory
        self.editing = editing
        self.editing_session = editing_session
        self.keyring_available = keyring_usable() if keyring_available is None else keyring_available
        self._busy = False
        self._input_error = False  # the message shown is about the input (not a failed check)
        self._build()
        if editing is not None:
            self._fill(editing)
        elif editing_session is not None:
            self._fill_session(editing_session)
        self._watch_edits()

    # ------------------------------------------------------------------ layout

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.returnPressed.connect(self.submit)
        return edit

    def _build(self) -> None:
        self.name_edit = self._line("nameEdit", "e.g. Production")
        self.token_edit = self._line("tokenIdEdit", "Access Token ID from the FastPix dashboard")
        self.secret_edit = self._line("secretKeyEdit", "Secret Key")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.signing_id_edit = self._line("signingKeyIdEdit", "optional: for private playback IDs")
        self.signing_key_edit = QPlainTextEdit(self)
        self.signing_key_edit.setObjectName("signingKeyEdit")
        self.signing_key_edit.setPlaceholderText("optional: paste the base64 private key, or choose its file")
        self.signing_key_edit.setTabChangesFocus(True)
        self.signing_key_edit.setFixedHeight(56)
        self.key_file_button = QPushButton("Choose file…", self)
        self.key_file_button.setObjectName("signingKeyFileButton")
        self.key_file_button.clicked.connect(self._choose_key_file)
        key_row = QHBoxLayout()
        key_row.addWidget(self.signing_key_edit, 1)
        key_row.addWidget(self.key_file_button, 0, Qt.AlignmentFlag.AlignTop)

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("Access &Token ID:", self.token_edit)
        form.addRow("&Secret Key:", self.secret_edit)
        form.addRow("Signing &key ID:", self.signing_id_edit)
        form.addRow("Private key:", key_row)

        self.advanced = QGroupBox("Custom addresses (self-hosted or sandbox)", self)
        self.advanced.setObjectName("advancedGroup")
        self.advanced.setCheckable(True)
        self.advanced.setChecked(False)
        self.api_edit = self._line("apiBaseEdit", DEFAULT_API_BASE)
        self.stream_edit = self._line("streamBaseEdit", DEFAULT_STREAM_BASE)
        self.image_edit = self._line("imageBaseEdit", DEFAULT_IMAGE_BASE)
        fields = QWidget(self.advanced)
        adv = QFormLayout(fields)
        adv.setContentsMargins(0, 0, 0, 0)
        adv.addRow("API:", self.api_edit)
        adv.addRow("Stream host:", self.stream_edit)
        adv.addRow("Image host:", self.image_edit)
        QVBoxLayout(self.advanced).addWidget(fields)
        fields.setVisible(False)  # most people use FastPix's own addresses: keep the form short
        self.advanced.setFlat(True)
        self.advanced.toggled.connect(fields.setVisible)
        self.advanced.toggled.connect(lambda on: self.advanced.setFlat(not on))

        self.session_only_check = QCheckBox("Use for this session only", self)
        self.session_only_check.setObjectName("sessionOnlyCheck")
        self.session_only_note = QLabel(SESSION_ONLY_TEXT, self)
        self.session_only_note.setObjectName("sessionOnlyNote")
        self.session_only_note.setTextFormat(Qt.TextFormat.PlainText)
        self.session_only_note.setWordWrap(True)
        for widget in (self.session_only_check, self.session_only_note):
            widget.setVisible(not self.keyring_available and self.editing_session is None)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("connectError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("#connectError { color: #b3261e; }")
        self.error_label.hide()
        self.progress_label = QLabel("Checking the credentials with FastPix…", self)
        self.progress_label.setObjectName("connectProgress")
        self.progress_label.hide()
        editing_any = self.editing is not None or self.editing_session is not None
        self.connect_button = QPushButton("Save" if editing_any else "Connect", self)
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.submit)

        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label, 1)
        buttons.addWidget(self.connect_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.advanced)
        layout.addWidget(self.session_only_check)
        layout.addWidget(self.session_only_note)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _fill(self, profile: Profile) -> None:
        self.name_edit.setText(profile.name)
        self.token_edit.setText(profile.token_id)
        self.secret_edit.setPlaceholderText("unchanged (kept in the system keyring)")
        self.signing_id_edit.setText(profile.signing_key_id or "")
        if profile.signing_key_id:
            self.signing_key_edit.setPlaceholderText("unchanged (kept in the system keyring)")
        custom = profile.endpoints != Endpoints()
        self.advanced.setChecked(custom)
        if custom:
            self.api_edit.setText(profile.api_base)
            self.stream_edit.setText(profile.stream_base)
            self.image_edit.setText(profile.image_base)

    def _fill_session(self, workspace: Workspace) -> None:
        self.name_edit.setText(workspace.name or "")
        self.token_edit.setText(workspace.token_id)
        self.secret_edit.setPlaceholderText(KEPT_IN_MEMORY)
        self.signing_id_edit.setText(workspace.signing_key_id or "")
        if workspace.signing_key:
            self.signing_key_edit.setPlaceholderText(KEPT_IN_MEMORY)
        custom = workspace.endpoints != Endpoints()
        self.advanced.setChecked(custom)
        if custom:
            self.api_edit.setText(workspace.endpoints.api_base)
            self.stream_edit.setText(workspace.endpoints.stream_base)
            self.image_edit.setText(workspace.endpoints.image_base)

    def _watch_edits(self) -> None:
        for edit in (self.name_edit, self.token_edit, self.secret_edit, self.signing_id_edit,
                     self.api_edit, self.stream_edit, self.image_edit):
            edit.textChanged.connect(self._on_edited)
        self.signing_key_edit.textChanged.connect(self._on_edited)
        self.advanced.toggled.connect(self._on_edited)
        self.session_only_check.toggled.connect(self._on_edited)

    def _on_edited(self, *_args: object) -> None:
        """A shown message goes once the input is fixed: an input problem is checked again
        (the next one, if any, replaces it); a failed check with FastPix is about old values."""
        if self._busy or not self.error_label.isVisible():
            return
        if not self._input_error:
            self.show_error("")
            return
        try:
            self._read()
        except FastPixError as problem:
            self.show_error(problem.user_message, input_error=True)
        else:
            self.show_error("")

    def _choose_key_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Choose the signing private key", "",
                                                    "Key files (*.pem *.key *.txt);;All files (*)")
        if path:
            self.load_key_file(Path(path))

    def load_key_file(self, path: Path) -> None:
        """Read a private key file (base64 PEM as FastPix issues it, or a plain PEM)."""
        text = read_key_file(path)
        if text is None:
            self.show_error(f"{path.name} is not a private key file.", input_error=True)
            return
        self.signing_key_edit.setPlainText(text)

    # ------------------------------------------------------------------ state

    def is_busy(self) -> bool:
        return self._busy

    def show_error(self, text: str, *, input_error: bool = False) -> None:
        self._input_error = input_error and bool(text)
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress_label.setVisible(busy)
        for widget in (self.connect_button, self.name_edit, self.token_edit, self.secret_edit,
                       self.signing_id_edit, self.signing_key_edit, self.advanced, self.session_only_check):
            widget.setEnabled(not busy)
        self.busyChanged.emit(busy)

    def cancel(self) -> None:
        self.pool.cancel_owner(self)
        if self._busy:
            self._set_busy(False)

    # ------------------------------------------------------------------ connecting

    def _endpoints(self) -> Endpoints:
        if not self.advanced.isChecked():
            return Endpoints()
        return Endpoints(self.api_edit.text().strip() or DEFAULT_API_BASE,
                         self.stream_edit.text().strip() or DEFAULT_STREAM_BASE,
                         self.image_edit.text().strip() or DEFAULT_IMAGE_BASE)

    def _read(self) -> _Input:
        """The form's values, after the checks that need no network (raises FastPixError)."""
        name = self.name_edit.text().strip()
        token_id = self.token_edit.text().strip()
        secret = self.secret_edit.text().strip()
        signing_id = self.signing_id_edit.text().strip() or None
        signing_key = "".join(self.signing_key_edit.toPlainText().split()) or None
        before_id = self.editing.signing_key_id if self.editing is not None else (
            self.editing_session.signing_key_id if self.editing_session is not None
            and self.editing_session.signing_key else None)
        editing_any = self.editing is not None or self.editing_session is not None
        keep_secret = editing_any and not secret
        keep_signing = editing_any and signing_id is not None and not signing_key and signing_id == before_id
        session_only = not self.keyring_available or self.editing_session is not None
        if not name:
            raise FastPixError("Give the workspace a name.")
        check_profile_name(name)
        if not token_id:
            raise FastPixError("Enter the Access Token ID.")
        if not secret and not keep_secret:
            raise FastPixError("Enter the Secret Key.")
        if bool(signing_id) != bool(signing_key or keep_signing):
            raise FastPixError("A signing key needs both its key ID and its private key (or leave both empty).")
        endpoints = self._endpoints()
        if session_only and self.editing_session is None and not self.session_only_check.isChecked():
            raise FastPixError("No system keyring is available: tick “Use for this session only” to continue.")
        if self.editing is None and self.editing_session is None and name in {p.name for p in self.store.list()}:
            raise FastPixError(f"A workspace named “{name}” already exists; choose another name.")
        return _Input(name, token_id, secret, signing_id, signing_key, keep_secret, keep_signing,
                      endpoints, session_only)

    def submit(self) -> None:
        """Validate what is cheap here, then check the credentials with FastPix in the background."""
        if self._busy:
            return
        self.show_error("")
        try:
            given = self._read()
        except FastPixError as problem:
            self.show_error(problem.user_message, input_error=True)
            return
        editing, in_memory = self.editing, self.editing_session
        store = self.store
        factory = self.client_factory

        def work(*, cancel: CancelLike) -> Connected:
            stored = in_memory if in_memory is not None else (
                store.workspace(editing.name) if editing is not None and (given.keep_secret or given.keep_signing)
                else None)
            workspace = Workspace(
                token_id=given.token_id,
                secret_key=stored.secret_key if given.keep_secret and stored else given.secret,
                endpoints=given.endpoints,
                signing_key_id=given.signing_id,
                signing_key=stored.signing_key if given.keep_signing and stored else given.signing_key,
                name=given.name,
            )
            check_connection(factory, workspace, cancel=cancel)
            if given.session_only:
                return Connected(given.name, workspace)
            endpoints = given.endpoints
            store.save(
                Profile(given.name, workspace.token_id, endpoints.api_base, endpoints.stream_base,
                        endpoints.image_base, given.signing_id),
                secret_key=workspace.secret_key, signing_key=workspace.signing_key,
            )
            if editing is not None and editing.name != given.name:
                store.remove(editing.name)
            return Connected(given.name)

        self._set_busy(True)
        self.pool.run(work, on_done=self._on_connected, on_error=self._on_failed,
                      owner=self, key=("connect", id(self)), pass_token=True)

    def _on_connected(self, result: Connected) -> None:
        self._set_busy(False)
        log.info("workspace %s connected%s", result.name, " (this session only)" if result.session_only else "")
        self.connected.emit(result)

    def _on_failed(self, problem: BaseException) -> None:
        self._set_busy(False)
        self.show_error(describe_connect_failure(problem))


__all__ = ["ConnectForm", "Connected", "check_connection", "describe_connect_failure"]
