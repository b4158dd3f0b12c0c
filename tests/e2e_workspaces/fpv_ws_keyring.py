"""An in-memory keyring backend (selected via PYTHON_KEYRING_BACKEND, as users select backends).

Stands in for the OS keyring in these tests only."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

STORE: dict[tuple[str, str], str] = {}


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return STORE.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        STORE[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in STORE:
            raise PasswordDeleteError("not found")
        del STORE[(service, username)]
