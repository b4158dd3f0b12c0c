"""What the player remembers per workspace (track languages, resume positions, the snapshot
folder): values in the app's settings under `player/<workspace>/`, or in memory only for a
session-only workspace (the connect dialog promises nothing of it reaches the disk).
"""

from __future__ import annotations

import re

from fastpix_viewer.ui.core.settings import UiSettings


def workspace_key(name: str) -> str:
    """A settings group name for a workspace name (no slashes, no odd characters)."""
    return re.sub(r"[^\w.-]+", "_", name.strip()).strip("_") or "workspace"


class WorkspaceMemory:
    """String values of one workspace; `settings` None (or `persist` False): memory only."""

    def __init__(self, settings: UiSettings | None, workspace: str, *, persist: bool = True) -> None:
        self._settings = settings if persist else None
        self._prefix = f"player/{workspace_key(workspace)}/"
        self._values: dict[str, str] = {}

    def get(self, name: str, default: str = "") -> str:
        if name in self._values:
            return self._values[name]
        if self._settings is None:
            return default
        return self._settings.str_value(self._prefix + name, default)

    def set(self, name: str, value: str) -> None:
        self._values[name] = value
        if self._settings is not None:
            self._settings.set_str(self._prefix + name, value)
            self._settings.sync()
