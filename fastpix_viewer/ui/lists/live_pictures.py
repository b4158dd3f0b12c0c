"""Pictures in the streams list: a live stream on air shows what is on air (issue 16 item 14).

The picture comes from the image host for the stream's playback ID, like a media's thumbnail
(ThumbnailService, signed when private), smaller than a media's so the streams list keeps
room for names. Streams that are not live show no picture (the image host has nothing to
show for them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QTableView

from fastpix_viewer.cache.thumbnails import shows_live_picture
from fastpix_viewer.ui.lists.thumbnails import STREAM_SPEC, ThumbnailService, placeholder

STREAM_ICON_SIZE = QSize(STREAM_SPEC.width, STREAM_SPEC.height)


def stream_decoration(service: ThumbnailService) -> Callable[[Any], QPixmap | None]:
    """The streams list's name-cell picture: a live stream's frame (a placeholder while it
    loads), nothing for other streams."""

    def decoration(obj: Any) -> QPixmap | None:
        if not shows_live_picture(obj):
            return None
        return service.pixmap(obj, STREAM_SPEC) or placeholder(STREAM_ICON_SIZE)

    return decoration


def fit_stream_view(view: QTableView) -> None:
    """Rows tall enough for the live pictures (uniform rows)."""
    view.setIconSize(STREAM_ICON_SIZE)
    rows = view.verticalHeader()
    rows.setDefaultSectionSize(max(rows.defaultSectionSize(), STREAM_SPEC.height + 4))


__all__ = ["STREAM_ICON_SIZE", "fit_stream_view", "stream_decoration"]
