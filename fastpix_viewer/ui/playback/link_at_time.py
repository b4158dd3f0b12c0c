"""Copy link at time (Ctrl+Shift+T): the share link and the HLS URL of what plays, at the
current position, ready to paste into a chat ("Weekly town hall at 01:23" and two links).

The position rides in a media fragment (`#t=83`, W3C Media Fragments): browsers' and
players' way to say "start here", never sent to the server, so a host that does not know
it still opens the link (a query parameter FastPix does not document could be refused with
a 422). A private video's HLS URL carries its token: the status note says until when it works.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence

from fastpix_viewer.api.playback import share_playback_id, share_url
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.playback.request import format_ms

SHORTCUT = "Ctrl+Shift+T"
NOTHING_PLAYING = "Nothing to copy: play a recording or a live stream first."


def at_time(url: str, position_ms: int) -> str:
    """`url` with a `#t=` fragment at `position_ms` (whole seconds; any old fragment dropped)."""
    return url.split("#", 1)[0] + f"#t={max(0, int(position_ms)) // 1000}"


def link_text(title: str, position_ms: int | None, share: str | None, hls: str) -> str:
    """What goes on the clipboard; `position_ms` None for a live stream without a position."""
    if position_ms is None:
        lines = [f"{title} (live)", *(u for u in (share, hls) if u)]
    else:
        lines = [f"{title} at {format_ms(position_ms)}",
                 *(at_time(u, position_ms) for u in (share, hls) if u)]
    return "\n".join(lines)


class LinkAtTime(QObject):
    """The action (objectName copyLinkAtTimeAction) on `window`, in its Playback menu."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self.action = QAction("Copy link at current &time", window)
        self.action.setObjectName("copyLinkAtTimeAction")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip(f"Copy the share link and the HLS URL at the current position ({SHORTCUT})")
        self.action.triggered.connect(lambda _checked=False: self.copy())
        window.addAction(self.action)
        window.menu("&Playback").addAction(self.action)

    def copy(self) -> str | None:
        """Copy the links (and say so in the status bar); returns the text, or None and why."""
        controller, panel = self._window.controller, self._window.player
        item = controller.current_item if controller is not None else None
        plan = controller.current_plan if controller is not None else None
        request = panel.request() if panel is not None else None
        if item is None or plan is None or request is None or panel.state() not in ("playing", "paused", "ended"):
            self._window.show_status(NOTHING_PLAYING)
            return None
        pid = share_playback_id(item)
        share = share_url(pid) if pid is not None else plan.share_url
        seekable = panel.can_seek()
        position = panel.position_ms() if seekable else None
        text = link_text(item_title(item), position, share, request.url)
        QGuiApplication.clipboard().setText(text)
        where = f" at {format_ms(position)}" if position is not None else " (live, no position)"
        note = f"Copied the share link and the HLS URL{where}."
        if plan.signed and plan.expires_at is not None:
            note += f" The HLS URL is signed (private video): it works until {time.strftime('%H:%M', time.localtime(plan.expires_at))}."
        self._window.show_status(note)
        return text
