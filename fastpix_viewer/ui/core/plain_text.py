"""Helpers that keep API text plain when Qt would otherwise guess rich text.

Item views draw DisplayRole text literally, but tooltips go through
`Qt::mightBeRichText`, so a title such as ``<b>x</b>`` would render bold and an
``<img>`` would be fetched. Escaping into an explicit HTML paragraph with
`Qt.convertFromPlainText` is the one form Qt always renders as the literal text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt as _CoreQt
from PySide6.QtGui import Qt as _GuiQt

ELLIPSIS = "…"

# Tooltips are for a glance; the details tree and "Copy value" carry the rest.
TOOLTIP_LIMIT = 2000
# Long enough for any real title or URL; keeps painting and sizing of a 1 MB
# string cheap.
DISPLAY_LIMIT = 500


def truncate(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis when anything was cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def single_line(text: str, limit: int = DISPLAY_LIMIT) -> str:
    """One-line display form: line breaks shown as ↵ so rows keep a uniform height."""
    text = truncate(text, limit)
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " ↵ ")
    return text


def plain_tooltip(text: str | None, limit: int = TOOLTIP_LIMIT) -> str | None:
    """Tooltip text that Qt shows literally (HTML escaped inside an explicit <p>)."""
    if not text:
        return None
    return _GuiQt.convertFromPlainText(
        truncate(text, limit), _CoreQt.WhiteSpaceMode.WhiteSpaceNormal
    )
