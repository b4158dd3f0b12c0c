"""An in-memory keyring backend for the soak's GUI process (PYTHON_KEYRING_BACKEND=soak.memory_keyring.MemoryKeyring):
the soak's two profiles keep their secrets in RAM only, never in the OS keyring."""

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
        if (service, username) not in _STORE:
            raise PasswordDeleteError("not found")
        del _STORE[(service, username)]
