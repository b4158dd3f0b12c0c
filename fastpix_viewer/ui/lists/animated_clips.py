"""Animated previews (the image host's `clip.gif`) for the hover picture (issue 16 item 14).

Fetched on the worker when the pointer rests on a thumbnail, kept in memory for the last few
items, and asked for once per item: when the image host refuses (a workspace without
animated previews) the still picture simply stays.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QObject, Signal

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.cache.thumbnails import fetch_clip
from fastpix_viewer.ui.core.worker import WorkerPool

log = logging.getLogger(__name__)

KEPT_CLIPS = 8  # a few megabytes at most


class AnimatedClips(QObject):
    """`data(item)`: the GIF bytes if loaded (else None, and it is asked for); `ready(id)` then."""

    ready = Signal(str)

    def __init__(self, pool: WorkerPool, client: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._client = client
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._asked: set[str] = set()  # running, refused or without a picture: not asked again

    def data(self, item: Any) -> bytes | None:
        item_id = getattr(item, "id", None)
        if self._client is None or not isinstance(item_id, str):
            return None
        found = self._kept.get(item_id)
        if found is not None:
            self._kept.move_to_end(item_id)
            return found
        if item_id not in self._asked:
            self._asked.add(item_id)
            client = self._client

            def load(*, cancel: CancelLike) -> bytes | None:
                return fetch_clip(client, item, cancel=cancel)

            self._pool.run(load, pass_token=True, owner=self, key=("clip", item_id),
                           on_done=lambda data: self._loaded(item_id, data),
                           on_error=lambda exc: log.info("no animated preview for %s: %s", item_id,
                                                         getattr(exc, "user_message", type(exc).__name__)))
        return None

    def _loaded(self, item_id: str, data: bytes | None) -> None:
        if not data:
            return
        self._kept[item_id] = data
        while len(self._kept) > KEPT_CLIPS:
            self._kept.popitem(last=False)
        self.ready.emit(item_id)


__all__ = ["AnimatedClips"]
