"""The embedded libVLC player: event bridge, native video surface, panel with controls."""

from fastpix_viewer.ui.player.bridge import VlcBridge
from fastpix_viewer.ui.player.controls import format_ms
from fastpix_viewer.ui.player.model import PlayRequest
from fastpix_viewer.ui.player.panel import PlayerPanel
from fastpix_viewer.ui.player.surface import VideoSurface, prefer_xcb_on_wayland

__all__ = [
    "PlayRequest",
    "PlayerPanel",
    "VideoSurface",
    "VlcBridge",
    "format_ms",
    "prefer_xcb_on_wayland",
]
