"""The `memory_keyring` fixture: the in-memory backend selected for one test, emptied before and
after; yields its store so tests can see exactly what reached the keyring."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fpv_support import memory_keyring as backend


def select_keyring_backend(monkeypatch: pytest.MonkeyPatch, spec: str) -> None:
    import keyring.core

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", spec)
    keyring.core.init_backend()


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[tuple[str, str], str]]:
    import keyring.core

    select_keyring_backend(monkeypatch, backend.BACKEND)
    backend.STORE.clear()
    yield backend.STORE
    backend.STORE.clear()
    monkeypatch.undo()
    keyring.core.init_backend()
