"""Playing a media in the embedded libVLC player: controller, readiness, VLC setup,
event bridge, native surface, controls, panel, poster.

A feature: imports core only (and the api layer). Every libVLC call runs on the
main thread; libVLC callbacks only emit signals (see bridge.py).
"""


from fastpix_viewer.ui.playback.bridge import VlcBridge
from fastpix_viewer.ui.playback.controls import format_ms
from fastpix_viewer.ui.playback.panel import PlayerPanel
from fastpix_viewer.ui.playback.request import PlayRequest
from fastpix_viewer.ui.playback.surface import VideoSurface, prefer_xcb_on_wayland

__all__ = [
    "PlayRequest",
    "PlayerPanel",
    "VideoSurface",
    "VlcBridge",
    "format_ms",
    "prefer_xcb_on_wayland",
]
