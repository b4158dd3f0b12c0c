"""What identifies an item in the window, and what the user calls it: one rule each.

Features name a tab with STREAMS_TAB/MEDIA_TAB (to reveal or select an item) without
importing the shell that owns the tab widget. `item_title` is the item's name in the window
title, headings and status messages (the rule itself is api.display_names, shared with the
command line); `same_item` the single rule for
"is this the item already shown" (a refreshed copy of it counts, another kind never does).
"""

from __future__ import annotations

import unicodedata

from fastpix_viewer.api.display_names import display_name
from fastpix_viewer.api.models import LiveStream, Media, Unreadable
from fastpix_viewer.ui.core.plain_text import truncate

STREAMS_TAB, MEDIA_TAB = 0, 1

UNREADABLE_PREFIX = "Unreadable item: "
ITEM_TITLE_LIMIT = 200  # characters of an item's title in the window title and headings


def item_title(item: object) -> str:
    """What the user calls this item (one line, bounded): `api.display_names`' rule, the
    same as the command line's and the download file names'."""
    if isinstance(item, LiveStream | Media):
        text = display_name(item)
    elif isinstance(item, Unreadable):
        text = UNREADABLE_PREFIX + item.reason
    else:
        text = ""
    # Bounded: a 1 MB title from the API must not become a 1 MB window title or label.
    return truncate(" ".join(text[:ITEM_TITLE_LIMIT * 2].split()), ITEM_TITLE_LIMIT)


# Explicit bidi controls (embeddings, overrides, isolates, marks) that a name must not carry
# into the text around it: an unclosed RLO would reverse " — FastPix Recording Browser".
_BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolate(name: str) -> str:
    """`name` as a unit inside other text: right-to-left letters or bidi controls in it can no
    longer reorder the text around it (e.g. the window title's " — app name").

    Stray controls are dropped and the name is wrapped in First Strong Isolate ... Pop
    Directional Isolate, but only when it has right-to-left letters: a plain left-to-right
    name needs no isolate, and some window managers draw the isolates as boxes.
    """
    text = "".join(c for c in name if c not in _BIDI_CONTROLS)
    if any(unicodedata.bidirectional(c) in ("R", "AL", "AN") for c in text):
        return FIRST_STRONG_ISOLATE + text + POP_DIRECTIONAL_ISOLATE
    return text


def window_title(name: str, app_title: str) -> str:
    """"<name> — <app>" for QWidget.setWindowTitle: the name isolated, and its "[*]" kept
    literally (Qt takes "[*]" as the window-modified placeholder and would hide it)."""
    if not name:
        return app_title
    return f"{isolate(name).replace('[*]', '[*][*]')} — {app_title}"


def same_item(a: object, b: object) -> bool:
    """True when `a` and `b` are the same stream or media (possibly different fetches)."""
    return (
        isinstance(a, LiveStream | Media) and isinstance(b, LiveStream | Media)
        and type(a) is type(b) and a.id == b.id
    )
