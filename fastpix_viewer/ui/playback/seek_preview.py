"""The preview frame while the pointer hovers the seek bar (issue 16 item 1): FastPix's
spritesheet of the media, fetched once per media on the worker pool and kept for the run,
drawn by preview_bubble.py. Without a spritesheet (a live stream, an audio-only media, the
image host says 404 or fails) the bar shows the time only, as before.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import QImage, QPixmap

from fastpix_viewer.api.errors import ProtocolError
from fastpix_viewer.api.models import Media
from fastpix_viewer.api.spritesheets import Spritesheet, fetch_spritesheet
from fastpix_viewer.ui.core.image_decode import decode_image
from fastpix_viewer.ui.playback.preview_bubble import PreviewBubble
from fastpix_viewer.ui.playback.request import format_ms

log = logging.getLogger(__name__)

KEEP = 32  # media whose spritesheet (or its absence) stays known
# Decoded bytes of the sheets kept (the newest is always kept). A count alone let 32 sheets of
# an hour-long recording each (100 frames of 160x90: 5.8 MB decoded) hold ~180 MB.
SHEETS_BUDGET = 24 * 1024 * 1024
# A sheet holds up to api.spritesheets.MAX_TILES frames: 32 M pixels is 96 MB decoded (RGB);
# Qt's own image allocation limit was 256 MB.
SHEET_MAX_PIXELS = 32 * 1024 * 1024


def load_spritesheet(client: Any, media: Media, *, cancel: Any = None) -> tuple[Spritesheet, QImage] | None:
    """Worker thread: fetch and decode (a QImage may be made off the main thread)."""
    sheet = fetch_spritesheet(client, media, cancel=cancel)
    if sheet is None:
        return None
    try:
        # Pillow, not Qt's plugins, on a worker (ui/core/image_decode).
        image = decode_image(sheet.image, max_pixels=SHEET_MAX_PIXELS)
    except ValueError:
        raise ProtocolError("The spritesheet image could not be decoded.") from None
    return sheet, image


class SheetStore:
    """The spritesheets known, oldest dropped first: at most KEEP media and SHEETS_BUDGET
    decoded bytes, but never the newest (the media playing now)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Spritesheet, QPixmap] | None] = {}

    def put(self, media_id: str, entry: tuple[Spritesheet, QPixmap] | None) -> None:
        self._entries.pop(media_id, None)
        self._entries[media_id] = entry
        while len(self._entries) > 1 and (len(self._entries) > KEEP or self.decoded_bytes() > SHEETS_BUDGET):
            self._entries.pop(next(iter(self._entries)))

    def get(self, media_id: str) -> tuple[Spritesheet, QPixmap] | None:
        return self._entries.get(media_id)

    def __contains__(self, media_id: object) -> bool:
        return media_id in self._entries

    def decoded_bytes(self) -> int:
        return sum(e[1].width() * e[1].height() * 4 for e in self._entries.values() if e is not None)


class SeekPreview(QObject):
    """Fetches the playing media's spritesheet and shows its frames over the seek bar."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self._panel = window.player
        self._pool = window.pool
        self._client = window.client
        self._sheets = SheetStore()  # media ID -> sheet (None: it has none)
        self._loading: set[str] = set()
        self.fetched: list[str] = []  # media IDs asked of the image host, in order (tests)
        self._request: Any = None
        self._media_id = ""
        slider = self._panel.controls.seek_slider
        self.bubble = PreviewBubble(slider)
        slider.hoverAt.connect(self._on_hover)
        slider.hoverTime.connect(lambda ms: ms < 0 and self.bubble.hide())
        self._panel.stateChanged.connect(self._on_state)

    def sheet_for(self, media_id: str) -> Spritesheet | None:
        entry = self._sheets.get(media_id)
        return entry[0] if entry is not None else None

    def is_known(self, media_id: str) -> bool:
        """The spritesheet was fetched, or found missing (tests wait for this)."""
        return media_id in self._sheets

    def _on_state(self, _state: str) -> None:
        request = self._panel.request()
        if request is self._request:
            return
        self._request = request
        self.bubble.hide()
        controller = self._window.controller
        item = controller.current_item if controller is not None else None
        live = request is None or request.live or request.audio_only
        self._media_id = item.id if isinstance(item, Media) and not live else ""
        if self._media_id and self._media_id not in self._sheets and self._media_id not in self._loading:
            self._fetch(item)

    def _fetch(self, media: Media) -> None:
        self._loading.add(media.id)
        self.fetched.append(media.id)
        self._pool.run(load_spritesheet, self._client, media, pass_token=True, owner=self,
                       on_done=lambda result, m=media.id: self._on_loaded(m, result),
                       on_error=lambda exc, m=media.id: self._on_failed(m, exc))

    def _on_loaded(self, media_id: str, result: tuple[Spritesheet, QImage] | None) -> None:
        self._loading.discard(media_id)
        self._keep(media_id, None if result is None else (result[0], QPixmap.fromImage(result[1])))

    def _on_failed(self, media_id: str, problem: BaseException) -> None:
        self._loading.discard(media_id)
        log.info("no spritesheet for media %s: %s", media_id, problem)  # the time alone is shown
        self._keep(media_id, None)

    def _keep(self, media_id: str, entry: tuple[Spritesheet, QPixmap] | None) -> None:
        self._sheets.put(media_id, entry)

    def _on_hover(self, ms: int, x: int) -> None:
        entry = self._sheets.get(self._media_id) if self._media_id else None
        tile = entry[0].tile_at(ms / 1000) if entry is not None else None
        if entry is None or tile is None or self._panel.request() is not self._request:
            self.bubble.hide()
            return
        sheet, pixmap = entry
        self.bubble.set_frame(pixmap, QRect(tile.x, tile.y, sheet.tile_width, sheet.tile_height), format_ms(ms))
        slider = self._panel.controls.seek_slider
        self.bubble.show_at(slider.mapToGlobal(QPoint(x, -4)))
