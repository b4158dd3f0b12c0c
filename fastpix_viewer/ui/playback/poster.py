"""A still image for audio-only media, fetched and decoded on a worker thread.

QImage (unlike QPixmap) may be created off the main thread, so the job returns a
decoded QImage and the main thread only turns it into a QPixmap for the panel.
A missing or broken thumbnail is not an error: the panel shows "Audio only".
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QImage

from fastpix_viewer.api import FastPixClient, FastPixError, PlaybackPlan
from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.ui.core.image_decode import decode_image

log = logging.getLogger(__name__)

POSTER_WIDTH = 640  # enough for the video area; the image host scales for us


def load_poster(client: FastPixClient, plan: PlaybackPlan, *, cancel: CancelLike | None = None) -> QImage | None:
    """The playback ID's thumbnail (signed like the playlist when private), or None.

    Blocking: call it from a pool job, never on the main thread.
    """
    # Built from the validated playback ID and the image base (never the media's
    # `thumbnail` field); a private plan carries its token to the image host too.
    url = plan.thumbnail_url(client.endpoints, fmt="png", width=POSTER_WIDTH)
    try:
        response = client.transport.request("GET", url, cancel=cancel)
    except FastPixError as exc:
        # Never log the URL: it may carry the playback token.
        log.info("poster for playback ID %s not loaded: %s", plan.playback_id, exc.user_message)
        return None
    if response.status != 200:
        log.info("poster for playback ID %s not loaded: HTTP %s", plan.playback_id, response.status)
        return None
    try:
        return decode_image(response.body)  # Pillow, not Qt's plugins, on a worker (core.image_decode)
    except ValueError:
        log.info("poster for playback ID %s is not a readable image", plan.playback_id)
        return None
