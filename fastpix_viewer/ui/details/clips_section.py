"""The "Clips" section of an item's details: a media's clips (`GET /on-demand/{id}/media-clips`)
or a live stream's live clips (`/on-demand/{streamId}/live-clips`), shown apart from the
stream's recordings (a media the stream lists in `mediaIds` is a recording, wherever FastPix
lists it). Double-click (or Enter) on a clip plays it like any media.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal

from fastpix_viewer.api.field_readers import format_duration
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.details.section import ROW_DATA, Section

HEADERS = ("Title", "Status", "Duration", "Created", "Media ID")
MEDIA_TITLE = "Clips"
STREAM_TITLE = "Live clips (its recordings are in the list of recordings)"


def clip_row(media: Media) -> list[str]:
    title = media.display_title if media.title or media.metadata else "(untitled clip)"
    return [title, media.status or "unknown", format_duration(media.duration) if media.duration else "—",
            (media.created_at or "")[:19].replace("T", " "), media.id]


class ClipsSection(Section):
    """See the module docstring. `playRequested(Media)` when the user picks a clip to play."""

    playRequested = Signal(object)

    def __init__(self, pool: WorkerPool | None, client: Any, parent: Any = None) -> None:
        super().__init__("clipsSection", MEDIA_TITLE, HEADERS, pool, client, parent)
        self._stale = False
        self.table.itemActivated.connect(lambda row, _col: self._play(row.data(0, ROW_DATA)))
        self.play_button = self.button("playClipButton", "Play clip", self.play_selected, "Play the selected clip")
        self.refresh_button = self.button("refreshClipsButton", "Refresh", self.refresh, "List the clips again")
        self.buttons.addStretch(1)
        self.table.currentItemChanged.connect(lambda *_: self.update_buttons())
        self.update_buttons()

    def set_item(self, item: Any) -> None:
        """Show the clips of `item` (a Media or LiveStream; anything else empties the section)."""
        other = self.next_item(item if isinstance(item, Media | LiveStream) else None)
        if isinstance(item, LiveStream):
            self.setTitle(STREAM_TITLE)
        else:
            self.setTitle(MEDIA_TITLE)
        if other:
            self.set_rows([])
            self.say("")
            # Listed when seen: selecting items with the tab hidden sends nothing.
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        item, client = self.item, self.client
        if item is None or client is None:
            self.say("")
            self.update_buttons()
            return
        self.say("Loading clips…")
        if isinstance(item, LiveStream):
            recordings = set(item.media_ids)

            def load(cancel: Any = None) -> list[Media]:
                found = client.all_live_clips(item.stream_id, cancel=cancel)
                return [m for m in found if isinstance(m, Media) and m.id not in recordings]
        else:
            def load(cancel: Any = None) -> list[Media]:
                return [m for m in client.all_media_clips(item.id, cancel=cancel) if isinstance(m, Media)]

        self.run(load, self._show, "Could not list the clips")

    def _show(self, clips: list[Media]) -> None:
        self.set_rows([(clip_row(m), m) for m in clips])
        if clips:
            self.say(f"{len(clips)} clip{'s' if len(clips) != 1 else ''}; double-click one to play it.")
        elif isinstance(self.item, LiveStream):
            self.say("No live clips of this stream.")
        else:
            self.say("No clips yet: mark In (I) and Out (O) in the player, then Create clip….")
        self.update_buttons()

    def add_clip(self, clip: Media) -> None:
        """A clip just made from the shown media (before FastPix lists it), or fresh data for one."""
        rows = [(clip_row(m if m.id != clip.id else clip), m if m.id != clip.id else clip) for m in self.row_objects()]
        if clip.id not in [m.id for _t, m in rows]:
            rows.insert(0, (clip_row(clip), clip))
        self.set_rows(rows)
        self.update_buttons()

    def update_buttons(self) -> None:
        self.play_button.setEnabled(isinstance(self.selected_object(), Media))
        self.refresh_button.setEnabled(self.item is not None)

    def play_selected(self) -> None:
        self._play(self.selected_object())

    def _play(self, media: Any) -> None:
        if isinstance(media, Media):
            self.playRequested.emit(media)
