"""Window and player state that persists between runs (never secrets).

Stored with QSettings in INI format inside the app's config dir, so
`--config-dir` isolates it completely (tests and smoke runs rely on that).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class UiSettings:
    """Typed access to the few UI values we keep: geometry, splitters, headers,
    volume, last selection. Secrets never pass through here."""

    def __init__(self, config_dir: Path) -> None:
        config_dir.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(config_dir / "ui-state.ini"), QSettings.Format.IniFormat)

    def bytes_value(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self._qs.setValue(key, value)

    def int_value(self, key: str, default: int) -> int:
        try:
            return int(self._qs.value(key, default))
        except (TypeError, ValueError):
            return default

    def set_int(self, key: str, value: int) -> None:
        self._qs.setValue(key, int(value))

    def str_value(self, key: str, default: str = "") -> str:
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def set_str(self, key: str, value: str) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()
