"""PyInstaller runtime hook: point python-vlc at the bundled libVLC before anything imports vlc.

python-vlc looks for libVLC once, at import time, and would otherwise find a system
VLC (or none). fastpix_viewer.ui.playback.vlc_setup holds the one copy of the bundle layout
(libvlc beside the Python runtime, plugins in vlc/plugins); it only imports the
standard library, so this costs nothing before the app starts.
"""

from fastpix_viewer.ui.playback.vlc_setup import prepare_environment

prepare_environment()
