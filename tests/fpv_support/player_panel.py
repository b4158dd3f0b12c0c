"""A shown PlayerPanel on the shared headless libVLC instance, shut down afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def shown_player_panel(qtbot: Any, **options: Any) -> Iterator[Any]:
    """Use inside a fixture that requests `headless_vlc`; `options` go to PlayerPanel."""
    from fastpix_viewer.ui.playback import PlayerPanel

    widget = PlayerPanel(**options)
    qtbot.addWidget(widget)
    widget.resize(640, 420)
    widget.show()
    qtbot.waitExposed(widget)
    try:
        yield widget
    finally:
        widget.shutdown()
