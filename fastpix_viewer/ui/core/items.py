"""What identifies an item in the window: which list tab it belongs to.

Features name a tab with these constants (to reveal or select an item) without importing
the shell that owns the tab widget.
"""

from __future__ import annotations

STREAMS_TAB, MEDIA_TAB = 0, 1
