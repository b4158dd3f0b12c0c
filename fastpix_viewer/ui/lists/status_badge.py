"""Status text → colour category, and a delegate painting it as a rounded badge.

FastPix statuses drift in case and vocabulary (`Ready`/`ready`/`available`,
`In Queue`, `waiting`, …), so everything goes through `status_category`, which
compares case-insensitively and treats anything unknown as still processing.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

IDLE = "idle"
PREPARING = "preparing"
LIVE = "live"
DISABLED = "disabled"
READY = "ready"
PROCESSING = "processing"
FAILED = "failed"

BADGE_CACHE_SIZE = 256  # drawn badges kept; cleared when full (columns resized many times)

CATEGORIES = (IDLE, PREPARING, LIVE, DISABLED, READY, PROCESSING, FAILED)

_CATEGORY_BY_STATUS = {
    "idle": IDLE,
    "ended": IDLE,
    "preparing": PREPARING,
    "active": LIVE,
    "live": LIVE,
    "connected": LIVE,
    "broadcasting": LIVE,
    "disabled": DISABLED,
    "ready": READY,
    "available": READY,
    "completed": READY,
    "failed": FAILED,
    "error": FAILED,
    "errored": FAILED,
    # Created, Downloading, Downloaded, Validating, In Queue, Processing,
    # waiting and anything new fall through to PROCESSING.
}

# (light-theme fill, dark-theme fill). Dark-theme fills are a little lighter or
# more saturated so they still stand out on a dark base.
_FILLS: dict[str, tuple[str, str]] = {
    IDLE: ("#8a8f98", "#8f959e"),
    PREPARING: ("#e0a100", "#f0b429"),
    LIVE: ("#d93025", "#ef5350"),
    DISABLED: ("#4a4f57", "#5f6670"),
    READY: ("#1e8e3e", "#34a853"),
    PROCESSING: ("#1a73e8", "#4c8df6"),
    FAILED: ("#8b1a1a", "#b3261e"),
}


def normalise_status(status: object) -> str:
    """Lower-case, trimmed status text ('' for missing or non-text values)."""
    if not isinstance(status, str):
        return ""
    return " ".join(status.split()).casefold()


def status_category(status: object) -> str:
    """The colour category of a status; unknown (or missing) → PROCESSING."""
    return _CATEGORY_BY_STATUS.get(normalise_status(status), PROCESSING)


# The one word per category that badges show and the status filter offers, so the filter
# speaks the badge's words ("Live", never "active" on the badge and "Live" in the filter).
STATUS_WORDS: dict[str, str] = {c: c.capitalize() for c in CATEGORIES}
STREAM_CATEGORIES = (IDLE, PREPARING, LIVE, DISABLED)
MEDIA_CATEGORIES = (READY, PROCESSING, FAILED)


# FastPix's documented in-between statuses: the badge says "Processing" for them.
_KNOWN_PROCESSING = frozenset({"created", "downloading", "downloaded", "validating", "in queue",
                               "processing", "waiting", "preparing"})


def status_word(status: object) -> str:
    """The badge's word for a FastPix status ("active" → "Live", "In Queue" → "Processing");
    a status FastPix does not document is shown as sent (issue 12: "Transcoding" stays
    "Transcoding", never a guessed "Processing"); '' for a missing status."""
    normal = normalise_status(status)
    if not normal:
        return ""
    if normal not in _CATEGORY_BY_STATUS and normal not in _KNOWN_PROCESSING:
        return " ".join(str(status).split())[:40]
    return STATUS_WORDS[status_category(status)]


def status_tooltip(status: object) -> str:
    """The status as FastPix sent it, when the badge's word differs from it."""
    word = status_word(status)
    if not word or normalise_status(status) == word.casefold():
        return word
    return f"{word} (FastPix status: {' '.join(str(status).split())})"


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def status_colour(status: object, palette: QPalette | None = None) -> QColor:
    """Badge fill colour for `status`, tuned for a light or dark `palette`."""
    palette = palette if palette is not None else QApplication.palette()
    light, dark = _FILLS[status_category(status)]
    return QColor(dark if _is_dark(palette) else light)


def badge_text_colour(fill: QColor) -> QColor:
    """Black or white, whichever reads better on `fill` (WCAG relative luminance)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * channel(fill.redF())
        + 0.7152 * channel(fill.greenF())
        + 0.0722 * channel(fill.blueF())
    )
    # Contrast against white is (1.05)/(lum+0.05); against black (lum+0.05)/0.05.
    return QColor(Qt.GlobalColor.white) if 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.05 else QColor(
        Qt.GlobalColor.black
    )


class StatusBadgeDelegate(QStyledItemDelegate):
    """Paints the cell's DisplayRole text as a coloured, rounded badge.

    Text is drawn with `drawText`, which never interprets markup, and elided to
    the cell width.
    """

    _PAD_X = 6
    _PAD_Y = 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Drawn badges by (text, cell size, font, fill, pixel ratio); a few dozen in practice.
        self._badges: dict[tuple, QPixmap] = {}

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        text = text if isinstance(text, str) else ""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        # Background, selection and focus as usual, then the badge on top.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if not text:
            return
        cell: QRect = opt.rect.adjusted(3, 2, -3, -2)
        fill = status_colour(text, opt.palette)
        dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        key = (text, cell.width(), cell.height(), opt.font.key(), fill.rgba(), dpr)
        badge = self._badges.get(key)
        if badge is None:
            badge = self._render_badge(text, cell.width(), cell.height(), opt.font, fill, dpr)
            if len(self._badges) >= BADGE_CACHE_SIZE:
                self._badges.clear()  # column widths changed many times: start again
            self._badges[key] = badge
        height = badge.height() / dpr
        painter.drawPixmap(QPointF(cell.left(), cell.top() + (cell.height() - height) / 2), badge)

    def _render_badge(self, text: str, cell_width: int, cell_height: int, font: QFont, fill: QColor,
                      dpr: float) -> QPixmap:
        """One badge, drawn once: a list repaint draws each visible badge again (25 per
        repaint of a media list), and painting them anew was a quarter of the repaint (issue 15)."""
        fm = QFontMetrics(font)
        max_text = max(cell_width - 2 * self._PAD_X, 0)
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, max_text)
        width = max(1, min(fm.horizontalAdvance(shown) + 2 * self._PAD_X, cell_width))
        height = max(1, min(fm.height() + 2 * self._PAD_Y, cell_height))
        pixmap = QPixmap(round(width * dpr), round(height * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        area = QRectF(0, 0, width, height)
        radius = height / 2
        painter.drawRoundedRect(area, radius, radius)
        painter.setPen(badge_text_colour(fill))
        painter.setFont(font)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter), shown)
        painter.end()
        return pixmap

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        fm = QFontMetrics(option.font)
        width = fm.horizontalAdvance(text if isinstance(text, str) else "") + 2 * self._PAD_X + 6
        return QSize(max(base.width(), width), max(base.height(), fm.height() + 2 * self._PAD_Y + 4))
