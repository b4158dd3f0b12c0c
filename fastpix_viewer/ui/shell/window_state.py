"""What the window remembers between runs: geometry, splitters, column headers, volume and
the selected tab and items. A session-only workspace writes nothing (not even its selection);
an item never loaded this run keeps what the last run chose.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMainWindow

from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.core.items import MEDIA_TAB, STREAMS_TAB
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.shell.layout import ShellWidgets

SELECTION_KEYS = ("streams", "media", "recordings")


class WindowState:
    """Restores and saves one window's state in `settings`; `player` may be None (no libVLC)."""

    def __init__(self, window: QMainWindow, widgets: ShellWidgets, settings: UiSettings,
                 player: Any, *, memory_only: bool) -> None:
        self._window = window
        self._w = widgets
        self._settings = settings
        self._player = player
        self._memory_only = memory_only

    def _splitters(self) -> tuple[tuple[str, Any], ...]:
        return (("main", self._w.main_splitter), ("left", self._w.left_splitter),
                ("right", self._w.right_splitter))

    def restore(self, pending: dict[str, str]) -> None:
        """Put the window back as it was; the saved selection goes into `pending` (selected
        when each list arrives)."""
        s = self._settings
        geometry = s.bytes_value("window/geometry")
        if geometry is not None:
            self._window.restoreGeometry(geometry)
        state = s.bytes_value("window/state")
        if state is not None:
            self._window.restoreState(state)
        for key, splitter in self._splitters():
            saved = s.bytes_value(f"splitters/{key}")
            if saved is not None:
                splitter.restoreState(saved)
        for key, pane in self._w.panes().items():
            pane.restore_header_state(s.bytes_value(f"headers/{key}"))
        if self._player is not None and hasattr(self._player, "set_volume"):
            self._player.set_volume(max(0, min(100, s.int_value("player/volume", 80))))
        tab = s.int_value("selection/tab", STREAMS_TAB)
        self._w.list_tabs.setCurrentIndex(tab if tab in (STREAMS_TAB, MEDIA_TAB) else STREAMS_TAB)
        for key in SELECTION_KEYS:
            wanted = s.str_value(f"selection/{key}")
            if wanted:
                pending[key] = wanted

    def save(self, pending: dict[str, str]) -> None:
        """Write the window's state; `pending` holds selections not restored yet this run."""
        if self._memory_only:
            return  # a session-only workspace writes nothing, not even its selection
        s = self._settings
        s.set_bytes("window/geometry", self._window.saveGeometry())
        s.set_bytes("window/state", self._window.saveState())
        for key, splitter in self._splitters():
            s.set_bytes(f"splitters/{key}", splitter.saveState())
        for key, pane in self._w.panes().items():
            s.set_bytes(f"headers/{key}", pane.header_state())
        if self._player is not None and hasattr(self._player, "volume"):
            s.set_int("player/volume", self._player.volume())
        s.set_int("selection/tab", self._w.list_tabs.currentIndex())
        for key, pane in self._w.panes().items():
            obj = pane.current_object()
            if isinstance(obj, LiveStream | Media):
                s.set_str(f"selection/{key}", obj.id)
            elif key not in pending:
                s.set_str(f"selection/{key}", "")
            else:  # never loaded this run: keep what the last run chose
                s.set_str(f"selection/{key}", pending[key])
        s.sync()
