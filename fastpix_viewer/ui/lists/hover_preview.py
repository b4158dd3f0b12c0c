"""A larger picture while the pointer rests on a list thumbnail (issue 16 item 14).

The view's tooltip event over the picture in the first column opens a small frameless window
(owned by the top-level window, like the app's menus) with the 320x180 picture; a
placeholder shows until it is loaded, then the picture replaces it, and the animated preview
(`clips`, when the image host offers one) replaces that. It closes when the pointer leaves the
picture, the list scrolls or the window loses the pointer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QHelpEvent, QMovie
from PySide6.QtWidgets import QLabel, QTableView

from fastpix_viewer.cache.thumbnails import ThumbSpec, shows_live_picture, wants_thumbnail
from fastpix_viewer.ui.lists.animated_clips import AnimatedClips
from fastpix_viewer.ui.lists.thumbnails import PREVIEW_SPEC, ThumbnailService, placeholder

PREVIEW_SIZE = QSize(PREVIEW_SPEC.width, PREVIEW_SPEC.height)
OFFSET = QPoint(16, 16)  # from the pointer, so the picture never sits under it


class HoverPreview(QObject):
    """Watches one list view (see the module docstring)."""

    def __init__(self, view: QTableView, service: ThumbnailService, clips: AnimatedClips | None = None) -> None:
        super().__init__(view)
        self.setObjectName("hoverPreview")
        self._view = view
        self._service = service
        self._clips = clips
        self._movie: tuple[QBuffer, QMovie] | None = None
        self._item: Any = None
        self.popup: QLabel | None = None
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self.hide())
        service.ready.connect(self._on_ready)
        if clips is not None:
            clips.ready.connect(self._on_clip)

    def picture_rect(self, row: int) -> QRect:
        """Where the view draws row `row`'s picture (its first cell's left part), viewport coordinates."""
        cell = self._view.visualRect(self._view.model().index(row, 0))
        icon = self._view.iconSize()
        return QRect(cell.left(), cell.top(), icon.width() + 8, cell.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            return self._hovered(event.pos(), event.globalPos())
        if kind in (QEvent.Type.Leave, QEvent.Type.Wheel, QEvent.Type.MouseButtonPress, QEvent.Type.Hide):
            self.hide()
        elif kind == QEvent.Type.MouseMove and self.popup is not None and self.popup.isVisible():
            position = self._view.viewport().mapFromGlobal(QCursor.pos())
            index = self._view.indexAt(position)
            if not index.isValid() or not self.picture_rect(index.row()).contains(position):
                self.hide()
        return False

    def _hovered(self, position: QPoint, global_position: QPoint) -> bool:
        index = self._view.indexAt(position)
        item = self._object_at(index.row()) if index.isValid() else None
        if item is None or not self.picture_rect(index.row()).contains(position) \
                or not (wants_thumbnail(item) or shows_live_picture(item)):
            self.hide()
            return False
        self._show(item, global_position)
        return True  # instead of the cell's text tooltip

    def _object_at(self, row: int) -> Any:
        model = self._view.model()
        return model.object_at(row) if hasattr(model, "object_at") else None

    def _show(self, item: Any, global_position: QPoint) -> None:
        self._item = item
        if self.popup is None:
            # A tool-tip window owned by the top-level window (see ui/core/popups.py).
            self.popup = QLabel(self._view.window(), Qt.WindowType.ToolTip)
            self.popup.setObjectName("thumbnailHoverPreview")
            self.popup.setFixedSize(PREVIEW_SIZE)
            self.popup.setScaledContents(True)
        self._stop_movie()
        pixmap = self._service.pixmap(item, PREVIEW_SPEC)
        self.popup.setPixmap(pixmap or placeholder(PREVIEW_SIZE))
        self.popup.setProperty("loaded", pixmap is not None)
        clip = self._clips.data(item) if self._clips is not None else None
        where = global_position + OFFSET
        screen = QGuiApplication.screenAt(global_position)
        if screen is not None:  # keep it on the screen near the right and bottom edges
            area = screen.availableGeometry()
            where.setX(min(where.x(), area.right() - PREVIEW_SIZE.width()))
            where.setY(min(where.y(), area.bottom() - PREVIEW_SIZE.height()))
        self.popup.move(where)
        self.popup.show()
        if clip is not None:
            self._play(clip)

    def _on_clip(self, item_id: str) -> None:
        if self.popup is None or not self.popup.isVisible() or getattr(self._item, "id", None) != item_id:
            return
        clip = self._clips.data(self._item) if self._clips is not None else None
        if clip is not None:
            self._play(clip)

    def _play(self, clip: bytes) -> None:
        """Show the animated preview (it loops until the popup closes)."""
        self._stop_movie()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(clip))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        movie = QMovie(buffer, QByteArray(b"gif"), self)
        if not movie.isValid():
            buffer.close()
            return
        self._movie = (buffer, movie)
        assert self.popup is not None
        self.popup.setMovie(movie)
        self.popup.setProperty("animated", True)
        movie.start()

    def _stop_movie(self) -> None:
        if self._movie is not None:
            buffer, movie = self._movie
            movie.stop()
            if self.popup is not None:
                self.popup.setMovie(None)  # type: ignore[arg-type]
                self.popup.setProperty("animated", False)
            movie.deleteLater()
            buffer.deleteLater()
            self._movie = None

    def _on_ready(self, item_id: str, spec: ThumbSpec) -> None:
        if self.popup is None or not self.popup.isVisible() or spec != PREVIEW_SPEC:
            return
        if getattr(self._item, "id", None) == item_id:
            pixmap = self._service.pixmap(self._item, PREVIEW_SPEC)
            if pixmap is not None:
                self.popup.setProperty("loaded", True)
                if self._movie is None:
                    # The animated preview came first: the still must not replace it
                    # (QLabel.setPixmap drops the movie; CI saw it once).
                    self.popup.setPixmap(pixmap)

    def hide(self) -> None:
        if self.popup is not None and self.popup.isVisible():
            self.popup.hide()
        self._stop_movie()
        self._item = None


def install_hover_preview(view: QTableView, service: ThumbnailService,
                          clips: AnimatedClips | None = None) -> HoverPreview:
    """A larger picture on hover for `view`'s thumbnails (owned by the view)."""
    return HoverPreview(view, service, clips)


__all__ = ["HoverPreview", "install_hover_preview"]
