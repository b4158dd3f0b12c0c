"""Thumbnails in the lists and the details preview, loaded in the background.

`ThumbnailService.decoration(obj)` is the list columns' decoration hook: called on the main
thread when a cell is painted, so only visible rows ever ask. It answers at once with the
picture from memory, or with a placeholder while a request is queued. Requests are
de-duplicated and bounded: the newest wait at the front (the rows on screen now), the
oldest are dropped when the queue is full (rows scrolled away long ago; they ask again if
painted again), and only a few jobs run at a time on the one `WorkerPool`.

A job reads the disk cache or fetches from the image host (signed when private) and decodes
the bytes into a QImage, which is safe off the main thread; the QPixmap is made on the main
thread. Decoded pictures stay in an in-memory LRU bounded in bytes.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict, deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPixmap, QPolygon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QTableView, QVBoxLayout, QWidget

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.models import Media, format_duration
from fastpix_viewer.cache.disk_cache import DiskCache
from fastpix_viewer.cache.thumbnails import (
    ThumbSpec,
    fetch_thumbnail,
    shows_live_picture,
    wants_thumbnail,
)
from fastpix_viewer.ui.core.image_decode import decode_image
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.core.plain_text import plain_tooltip
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.lists.columns import local_time_text
from fastpix_viewer.ui.lists.record_table import RecordTableModel

log = logging.getLogger(__name__)

LIST_SPEC = ThumbSpec(64, 36)
PREVIEW_SPEC = ThumbSpec(320, 180)
PREVIEW_SHOWN = QSize(144, 81)  # the preview strip draws the 320x180 picture at this size
LIST_ICON_SIZE = QSize(LIST_SPEC.width, LIST_SPEC.height)
STREAM_SPEC = ThumbSpec(48, 27)  # live streams' pictures in the streams list (live_pictures.py)
DISK_BUDGET = 50 * 1024 * 1024
# Decoded pictures kept in memory: 1,300 list thumbnails (64x36) or 50 previews (320x180).
# Half of the 24 MB it was: in the chaos soak the pictures kept were the largest part of what
# RSS gained in its first minutes (heaptrack: decoded images alive 22 -> 37 MB between 100 s
# and 300 s, while the C heap in use as a whole stayed at ~70 MB); a picture no longer in
# memory is read back from the disk cache in ~0.5 ms.
MEMORY_BUDGET = 12 * 1024 * 1024
MAX_RUNNING = 2
MAX_QUEUED = 96
# A picture the image host refused is not asked for again until this many seconds passed.
RETRY_AFTER_FAILURE = 60.0

_placeholders: dict[tuple[int, int], QPixmap] = {}


def placeholder(size: QSize) -> QPixmap:
    """A neutral 16:9 picture with a play mark, shown until (or instead of) a thumbnail."""
    key = (size.width(), size.height())
    cached = _placeholders.get(key)
    if cached is None:
        w, h = key
        cached = QPixmap(size)
        cached.fill(QColor("#5b6770"))
        painter = QPainter(cached)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#eef1f3"))
        s = max(3, h // 4)
        cx, cy = w // 2, h // 2
        painter.drawPolygon(QPolygon([QPoint(cx - s // 2, cy - s), QPoint(cx - s // 2, cy + s),
                                      QPoint(cx + s, cy)]))
        painter.end()
        _placeholders[key] = cached
    return cached


def _decode(data: bytes | None) -> QImage | None:
    if data is None:
        return None
    return decode_image(data)  # Pillow, not Qt's plugins, on a worker (core.image_decode)


class _MemoryLru:
    """Decoded pixmaps, least recently used dropped first once over `budget` bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._items: OrderedDict[Any, tuple[QPixmap, int]] = OrderedDict()

    def get(self, key: Any) -> QPixmap | None:
        hit = self._items.get(key)
        if hit is None:
            return None
        self._items.move_to_end(key)
        return hit[0]

    def put(self, key: Any, pixmap: QPixmap) -> None:
        cost = max(1, pixmap.width() * pixmap.height() * 4)
        old = self._items.pop(key, None)
        if old is not None:
            self.used -= old[1]
        self._items[key] = (pixmap, cost)
        self.used += cost
        while self.used > self.budget and len(self._items) > 1:
            _key, (_pix, dropped) = self._items.popitem(last=False)
            self.used -= dropped

    def __len__(self) -> int:
        return len(self._items)


class ThumbnailService(QObject):
    """See the module docstring. `client` None (no workspace): placeholders only."""

    ready = Signal(str, object)  # media ID, ThumbSpec — a picture for it is now in memory

    def __init__(self, pool: WorkerPool, client: Any, cache_dir: Path | None, parent: QObject | None = None,
                 *, disk_budget: int = DISK_BUDGET, memory_budget: int = MEMORY_BUDGET) -> None:
        super().__init__(parent)
        self._pool = pool
        self._client = client
        self.disk = DiskCache(cache_dir / "thumbnails", disk_budget) if cache_dir is not None else None
        self.memory = _MemoryLru(memory_budget)
        self._queue: deque[tuple[tuple[str, ThumbSpec], Media]] = deque()
        self._queued: set[tuple[str, ThumbSpec]] = set()
        self._running: set[tuple[str, ThumbSpec]] = set()
        self._failed: dict[tuple[str, ThumbSpec], float] = {}
        self._models: list[tuple[RecordTableModel, int]] = []
        self._views: list[QTableView] = []
        self.dropped_unseen = 0  # queued list requests dropped because their row left the screen
        self.requests_started = 0  # jobs started (tests check de-duplication with it)
        # Requests come from paints (a cell asks for its picture): their jobs start once the
        # paint is over. Started inside it, a job (the first one imports the signing code) took
        # the GIL from the paint it came from: the first rows painted 50-60 ms later (issue 15).
        self._pump_soon = QTimer(self)
        self._pump_soon.setSingleShot(True)
        self._pump_soon.setInterval(0)
        self._pump_soon.timeout.connect(self._pump)

    # -- asking for pictures --------------------------------------------------------------

    def decoration(self, obj: Any) -> QPixmap:
        """The list cell's picture: the thumbnail if loaded, else a placeholder (and a request)."""
        return self.pixmap(obj, LIST_SPEC) or placeholder(LIST_ICON_SIZE)

    def pixmap(self, obj: Any, spec: ThumbSpec) -> QPixmap | None:
        """The loaded picture for `obj` at `spec`, or None (then it is requested, if it can be)."""
        if self._client is None or not (wants_thumbnail(obj) or shows_live_picture(obj)):
            return None
        key = (obj.id, spec)
        found = self.memory.get(key)
        if found is not None:
            return found
        self._request(key, obj)
        return None

    def fit_view(self, view: QTableView) -> None:
        """Make `view`'s rows tall enough for list thumbnails (rows stay uniform), and let
        requests for its rows be dropped once they are scrolled out of sight."""
        view.setIconSize(LIST_ICON_SIZE)
        rows = view.verticalHeader()
        rows.setDefaultSectionSize(max(rows.defaultSectionSize(), LIST_SPEC.height + 4))
        self._views.append(view)

    def attach(self, model: RecordTableModel, column_key: str = "title") -> None:
        """Repaint `model`'s `column_key` cell of a row when its list thumbnail arrives."""
        self._models.append((model, model.column_index(column_key)))

    def pending(self) -> int:
        return len(self._queue) + len(self._running)

    def clear_failures(self) -> None:
        """Forget refusals (e.g. on refresh), so those pictures are asked for again."""
        self._failed.clear()

    # -- the queue ----------------------------------------------------------------------

    def _request(self, key: tuple[str, ThumbSpec], media: Media) -> None:
        if key in self._running:
            return
        failed_at = self._failed.get(key)
        if failed_at is not None and time.monotonic() - failed_at < RETRY_AFTER_FAILURE:
            return
        if key in self._queued:
            # Asked again (still on screen): move it to the front.
            for i, (queued_key, _m) in enumerate(self._queue):
                if queued_key == key:
                    del self._queue[i]
                    break
        self._queue.appendleft((key, media))
        self._queued.add(key)
        while len(self._queue) > MAX_QUEUED:
            dropped, _m = self._queue.pop()
            self._queued.discard(dropped)
        if not self._pump_soon.isActive():
            self._pump_soon.start()

    def _on_screen(self, media_id: str) -> bool:
        """Whether a row of `media_id` is visible in a fitted list (True if none is known)."""
        if not self._views:
            return True
        for view in self._views:
            proxy = view.model()
            row = proxy.row_for_id(media_id) if hasattr(proxy, "row_for_id") else -1
            if row < 0 or not view.isVisible():
                continue
            if view.viewport().rect().intersects(view.visualRect(proxy.index(row, 0))):
                return True
        return False

    def _pump(self) -> None:
        while self._queue and len(self._running) < MAX_RUNNING:
            key, media = self._queue.popleft()
            self._queued.discard(key)
            if key[1] == LIST_SPEC and not self._on_screen(key[0]):
                self.dropped_unseen += 1  # scrolled away while waiting; asked again if painted again
                continue
            self._running.add(key)
            self.requests_started += 1
            self._pool.run(
                self._load, media, key[1], pass_token=True, owner=self,
                on_done=lambda image, k=key: self._on_loaded(k, image),
                on_error=lambda exc, k=key: self._on_failed(k, exc),
            )

    def _load(self, media: Media, spec: ThumbSpec, *, cancel: CancelLike) -> QImage | None:
        # Worker thread: disk or network, then decoding; nothing here touches a widget.
        disk = None if shows_live_picture(media) else self.disk  # a live frame is never kept
        data = fetch_thumbnail(self._client, media, spec, disk, cancel=cancel)
        try:
            return _decode(data)
        except ValueError:
            if self.disk is not None:  # what the disk held was not a picture after all
                from fastpix_viewer.cache.thumbnails import thumbnail_key

                plan = self._client.choose_playback(media)
                self.disk.discard(thumbnail_key(self._client.endpoints.api_base, plan.playback_id, spec))
            raise

    def _on_loaded(self, key: tuple[str, ThumbSpec], image: QImage | None) -> None:
        self._running.discard(key)
        if image is None or image.isNull():
            self._failed[key] = time.monotonic()  # nothing to show (e.g. private without a key)
        else:
            self.memory.put(key, QPixmap.fromImage(image))
            self._failed.pop(key, None)
            self._repaint(key)
            self.ready.emit(key[0], key[1])
        self._pump()

    def _on_failed(self, key: tuple[str, ThumbSpec], exc: BaseException) -> None:
        self._running.discard(key)
        self._failed[key] = time.monotonic()
        log.info("thumbnail for %s not loaded: %s", key[0], getattr(exc, "user_message", type(exc).__name__))
        self._pump()

    def _repaint(self, key: tuple[str, ThumbSpec]) -> None:
        if key[1] not in (LIST_SPEC, STREAM_SPEC):
            return
        role = [Qt.ItemDataRole.DecorationRole]
        for model, column in self._models:
            row = model.row_for_id(key[0])
            if row >= 0:
                index = model.index(row, column)
                model.dataChanged.emit(index, index, role)


def _identity(item: Any) -> tuple[str, str] | None:
    item_id = getattr(item, "id", None)
    return (type(item).__name__, item_id) if isinstance(item_id, str) else None


class ThumbnailPreview(QWidget):
    """A compact strip above the Details/Tracks tabs: the selected media's picture beside its
    title and key facts, and a "cached" note slot. The full 320x180 picture is kept and drawn
    scaled down, so the strip never takes width from the tabs. Items without a picture (live
    streams) show no strip, unless there is a note to show."""

    def __init__(self, service: ThumbnailService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnailPreview")
        self._service = service
        self._item: Any = None
        self.image_label = QLabel(self)
        self.image_label.setObjectName("previewImage")
        self.image_label.setFixedSize(PREVIEW_SHOWN)
        self.image_label.setScaledContents(True)
        self.title_label = _ElidedLabel(self)
        self.title_label.setObjectName("previewTitle")
        bold = self.title_label.font()
        bold.setBold(True)
        self.title_label.setFont(bold)
        self.facts_label = _plain_label("previewFacts", self)
        self.facts_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note_label = _plain_label("previewNote", self)
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(2)
        text.addWidget(self.title_label)
        text.addWidget(self.facts_label)
        text.addWidget(self.note_label)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.image_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        service.ready.connect(self._on_ready)
        self.show_item(None)

    def show_item(self, item: Any) -> None:
        if _identity(item) != _identity(self._item):
            self.note_label.setText("")  # a note is about the item it was written for
            self.note_label.hide()
        self._item = item
        pixmap = self._service.pixmap(item, PREVIEW_SPEC) if item is not None else None
        self.image_label.setPixmap(pixmap or placeholder(QSize(PREVIEW_SPEC.width, PREVIEW_SPEC.height)))
        self.image_label.setProperty("loaded", pixmap is not None)
        self.image_label.setToolTip("Loading the preview…" if pixmap is None and wants_thumbnail(item) else "")
        self.image_label.setVisible(wants_thumbnail(item))
        if isinstance(item, Media):
            # Elided to the strip's width; the full title is in Details and the tooltip.
            self.title_label.setText(_one_line(item_title(item)))
            self.facts_label.setText(preview_facts(item))
        else:
            self.title_label.setText("")
            self.facts_label.setText("")
        self._update_visibility()

    def is_loaded(self) -> bool:
        return bool(self.image_label.property("loaded"))

    def set_note(self, text: str) -> None:
        """A plain line beside the picture (e.g. that the details come from the offline cache)."""
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))
        self._update_visibility()

    def _update_visibility(self) -> None:
        self.title_label.setVisible(bool(self.title_label.text()))
        self.facts_label.setVisible(bool(self.facts_label.text()))
        self.setVisible(wants_thumbnail(self._item) or bool(self.note_label.text()))

    def _on_ready(self, media_id: str, spec: object) -> None:
        item = self._item
        if spec == PREVIEW_SPEC and isinstance(item, Media) and item.id == media_id:
            self.show_item(item)


class _ElidedLabel(QLabel):
    """One plain line ending in "…" when it does not fit; `text()` is the full text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(plain_tooltip(text) or "")  # API text: shown literally
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width()))
        super().setText(shown)


def _plain_label(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # API text, never rich text
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # Ignored width: a long title must not widen the strip (the tabs below keep the room).
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def _one_line(text: str) -> str:
    return " ".join(text.split())


def preview_facts(media: Media) -> str:
    """"Ready · 0:10 · 1080p · 16:9 · 30 fps · subtitles · 2026-11-13 09:30" (what is known of it)."""
    parts = [media.status or "", format_duration(media.duration) if media.duration else "",
             media.max_resolution or media.source_resolution or "", media.aspect_ratio or "",
             f"{media.frame_rate} fps" if media.frame_rate else "",
             "subtitles" if media.subtitle_available else "",
             local_time_text(media.created_at)]
    return " · ".join(_one_line(p) for p in parts if p)
