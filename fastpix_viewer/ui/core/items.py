"""What identifies an item in the window, and what the user calls it: one rule each.

Features name a tab with STREAMS_TAB/MEDIA_TAB (to reveal or select an item) without
importing the shell that owns the tab widget. `item_title` is the single rule for an item's
name in the window title, headings and status messages; `same_item` the single rule for
"is this the item already shown" (a refreshed copy of it counts, another kind never does).
"""

from __future__ import annotations

from fastpix_viewer.api.models import LiveStream, Media, Unreadable
from fastpix_viewer.ui.core.plain_text import truncate

STREAMS_TAB, MEDIA_TAB = 0, 1

UNREADABLE_PREFIX = "Unreadable item: "
ITEM_TITLE_LIMIT = 200  # characters of an item's title in the window title and headings


def item_title(item: object) -> str:
    """What the user calls this item (one line, bounded)."""
    if isinstance(item, Media):
        text = item.display_title
    elif isinstance(item, LiveStream):
        text = item.name or f"Live stream {item.stream_id}"
    elif isinstance(item, Unreadable):
        text = UNREADABLE_PREFIX + item.reason
    else:
        text = ""
    # Bounded: a 1 MB title from the API must not become a 1 MB window title or label.
    return truncate(" ".join(text[:ITEM_TITLE_LIMIT * 2].split()), ITEM_TITLE_LIMIT)


def same_item(a: object, b: object) -> bool:
    """True when `a` and `b` are the same stream or media (possibly different fetches)."""
    return (
        isinstance(a, LiveStream | Media) and isinstance(b, LiveStream | Media)
        and type(a) is type(b) and a.id == b.id
    )
