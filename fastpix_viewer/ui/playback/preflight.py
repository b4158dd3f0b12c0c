"""The pre-flight, worker side: choose (and sign) the playback ID, ask the stream host for the
playlist as libVLC will, load a poster for audio-only media. Runs as a pool job; returns
plain data (`Prepared`) for the main thread. Signed URLs are never logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QImage

from fastpix_viewer.api import FastPixClient, LiveStream, Media, PlaybackPlan, Unplayable
from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.ui.playback import vlc_setup
from fastpix_viewer.ui.playback.poster import load_poster

Item = Media | LiveStream


def vlc_user_agent() -> str | None:
    """The User-Agent libVLC sends ("VLC/3.0.24 LibVLC/3.0.24"), so the pre-flight is judged
    by user-agent restrictions exactly as the player will be; None if unknown."""
    try:
        version = vlc_setup.load_vlc().libvlc_get_version().decode("ascii", "replace").split()[0]
    except Exception:
        return None
    return f"VLC/{version} LibVLC/{version}"


@dataclass(frozen=True)
class Prepared:
    """What a pre-flight job hands back to the main thread."""

    choice: PlaybackPlan | Unplayable
    poster: QImage | None = None


def prepare_playback(
    client: FastPixClient,
    item: Item,
    *,
    max_resolution: str | None,
    dvr: bool,
    user_agent: str | None,
    want_poster: bool,
    cancel: CancelLike | None = None,
) -> Prepared:
    """Worker side: choose (and sign) the playback ID, pre-flight the playlist, load a poster.

    Raises the API's typed errors (StreamNotReady, PlaybackTokenRejected, ...) for the caller
    to show. Signing runs here too: RSA is not free and the key is parsed on first use.
    """
    choice = client.choose_playback(item, max_resolution=max_resolution, dvr=dvr)
    if isinstance(choice, Unplayable):
        return Prepared(choice)
    client.preflight(choice.url, cancel=cancel, user_agent=user_agent)
    poster = load_poster(client, choice, cancel=cancel) if want_poster else None
    return Prepared(choice, poster)
