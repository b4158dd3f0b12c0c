"""Playing a media in the embedded libVLC player.

The controller side: controller (routing an item to the panel), readiness (waiting until it
can play), preflight (the worker job), signing (re-signing before a token expires), poster.
The player side: panel (play/stop/state), vlc_session (libVLC instance, player, reaper),
health (Qt-free rules: open timeout, stall, early end, token timing), panel_events,
panel_controls, view_modes, and the widgets controls, video_area, surface; bridge, request,
vlc_setup.

A feature: imports core only (and the api layer). Every libVLC call runs on the main
thread, with one deliberate exception: the reaper stops and releases a player that may be
stuck on the network on a worker pool thread, after detaching it from every signal
(vlc_session.VlcSession.retire). libVLC callbacks only emit signals (see bridge.py).
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
