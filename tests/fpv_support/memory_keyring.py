"""An in-memory keyring backend, selected the way users select backends:
PYTHON_KEYRING_BACKEND=fpv_support.memory_keyring.MemoryKeyring (child processes need tests/
on PYTHONPATH). It stands in for the OS keyring only; the real Secret Service is exercised by
the keyring_real test. Keeping secrets in RAM also makes "no secret in any file" a meaningful
check of the app itself. No pytest import here: app child processes load this module."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

BACKEND = f"{__name__}.MemoryKeyring"

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
