"""An in-memory keyring backend for the secrets session (selected with PYTHON_KEYRING_BACKEND).

A real backend stores the secret on disk by design (that is its job); keeping it in memory
makes "no secret in any file under HOME" a meaningful check of the app itself."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

_STORE: dict[tuple[str, str], str] = {}


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return _STORE.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        _STORE[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if _STORE.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")
