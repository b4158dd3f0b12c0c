"""Subtitles added to the media that plays: a generated WebVTT track given to libVLC as a slave,
so it appears in the Subtitles menu at once (the HLS master lists it only from the next play).

Main thread only, like every libVLC call of the panel; the panel's ES-changed event refills
the menus when libVLC has read the track.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def add_subtitle_track(panel: Any, url: str) -> bool:
    """Give `panel`'s player the subtitles at `url` (http(s) only) and select them; False when
    nothing plays or libVLC refuses."""
    player, vlc = getattr(panel, "_player", None), getattr(panel, "_vlc", None)
    if player is None or vlc is None or not url.startswith(("http://", "https://")):
        return False
    try:
        added = player.add_slave(vlc.MediaSlaveType.subtitle, url, True) == 0
    except (AttributeError, OSError) as problem:  # an older libVLC without slaves
        log.info("libVLC could not add the subtitles: %s", problem)
        return False
    refresh = getattr(panel, "refresh_tracks", None)
    if added and refresh is not None:
        refresh()
    return added
