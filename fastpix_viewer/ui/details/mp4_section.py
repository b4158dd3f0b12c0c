"""The "MP4 renditions" section of a media's details: each rendition's status, and turning the
MP4 (video, up to 4K) and M4A (audio only) renditions on or off with
`PATCH /on-demand/{id}/update-mp4Support`. New renditions are "preparing"; the section
follows them (a pool job polling the media, bounded and dropped when another item is shown)
until none is preparing, and hands every fresh media on (`itemRefreshed`).

`mp4_value` and `follow_renditions` are also what "Enable MP4 and download when ready" uses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal

from fastpix_viewer.api.cancel import raise_if_cancelled
from fastpix_viewer.api.models import Media
from fastpix_viewer.api.records import Mp4Rendition
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.details.section import Section

HEADERS = ("Rendition", "Status", "Size")
FOLLOW_INTERVAL_S = 2.0
FOLLOW_LIMIT_S = 900.0  # as the command line's --wait: FastPix prepares renditions in minutes
VIDEO, AUDIO = "capped_4k", "audioOnly"


def rendition_name(r: Mp4Rendition) -> str:
    return "Audio only (M4A)" if r.is_audio else "MP4 (up to 4K)" if r.type == VIDEO else r.type


def has_kind(media: Media, audio: bool) -> bool:
    return any(r.is_audio == audio for r in media.mp4_renditions)


def mp4_value(video: bool, audio: bool) -> str:
    """FastPix's mp4Support for the wanted renditions."""
    if video and audio:
        return f"{AUDIO},{VIDEO}"
    return VIDEO if video else AUDIO if audio else "none"


def preparing(media: Media) -> bool:
    return any((r.status or "").lower() == "preparing" for r in media.mp4_renditions)


def follow_renditions(client: Any, media_id: str, *, cancel: Any = None,
                      progress: Callable[[Media], None] | None = None,
                      interval: float = FOLLOW_INTERVAL_S, limit: float = FOLLOW_LIMIT_S) -> Media:
    """Read the media until no rendition is preparing (or `limit` seconds pass): the last answer."""
    started = time.monotonic()
    while True:
        media = client.get_media(media_id, cancel=cancel)
        if progress is not None:
            progress(media)
        if not preparing(media) or time.monotonic() - started >= limit:
            return media
        raise_if_cancelled(cancel)
        client.transport.pause(interval, cancel)


class Mp4Section(Section):
    """See the module docstring. Shown for media only."""

    itemRefreshed = Signal(object)
    status = Signal(str)
    follow_interval = FOLLOW_INTERVAL_S

    def __init__(self, pool: WorkerPool | None, client: Any, parent: Any = None) -> None:
        super().__init__("mp4Section", "MP4 renditions", HEADERS, pool, client, parent)
        self.video_button = self.button("toggleMp4Button", "Turn MP4 on", lambda: self.toggle(audio=False),
                                        "Turn the MP4 rendition (for downloads) on or off")
        self.audio_button = self.button("toggleM4aButton", "Turn audio-only on", lambda: self.toggle(audio=True),
                                        "Turn the audio-only (M4A) rendition on or off")
        self.buttons.addStretch(1)
        self.update_buttons()

    def set_item(self, item: Any) -> None:
        other = self.next_item(item if isinstance(item, Media) else None)
        if other or not self.is_following():
            self._show(self.item)
        self.update_buttons()

    def is_following(self) -> bool:
        return self.note.text().startswith("Preparing")

    def _show(self, media: Media | None) -> None:
        if media is None:
            self.set_rows([])
            self.say("")
            return
        self.set_rows([([rendition_name(r), r.status or "requested",
                         f"{r.width}×{r.height}" if r.width and r.height else ""], r) for r in media.mp4_renditions])
        if preparing(media):
            self.say("Preparing: FastPix is making the rendition; this updates until it is ready.")
        elif media.mp4_renditions:
            self.say("Download (Ctrl+D) uses the MP4; Ctrl+Shift+D the audio.")
        else:
            self.say("No MP4 renditions: turn one on to download this media as a file.")

    def update_buttons(self) -> None:
        media = self.item if isinstance(self.item, Media) else None
        usable = media is not None and self.client is not None
        self.video_button.setEnabled(usable)
        self.audio_button.setEnabled(usable)
        video = media is not None and has_kind(media, audio=False)
        audio = media is not None and has_kind(media, audio=True)
        self.video_button.setText("Turn MP4 off" if video else "Turn MP4 on")
        self.audio_button.setText("Turn audio-only off" if audio else "Turn audio-only on")
        self.hold_if_busy()

    def toggle(self, *, audio: bool) -> None:
        media, client = self.item, self.client
        if not isinstance(media, Media) or client is None:
            return
        video_on, audio_on = has_kind(media, audio=False), has_kind(media, audio=True)
        if audio:
            audio_on = not audio_on
        else:
            video_on = not video_on
        value = mp4_value(video_on, audio_on)
        self.busy(True)
        self.say("Sending…")
        interval = self.follow_interval

        def send(progress: Any, cancel: Any = None) -> Media:
            updated = client.update_mp4_support(media.id, value)
            if not preparing(updated):
                return updated
            progress(updated)
            return follow_renditions(client, media.id, cancel=cancel, interval=interval, progress=progress)

        self.run(send, self._done, "MP4 renditions not changed", key="change", on_progress=self._progress)
        what = "audio-only rendition" if audio else "MP4 rendition"
        self.status.emit(f"Turning the {what} {'on' if (audio_on if audio else video_on) else 'off'}…")
        self.say("Preparing: FastPix is making the rendition; this updates until it is ready."
                 if (audio_on if audio else video_on) else "Sending…")

    def _progress(self, media: Media) -> None:
        """Each answer while a rendition is prepared: its status as FastPix says it now."""
        self.item = media
        self._show(media)

    def _done(self, media: Media) -> None:
        self.item = media
        self._show(media)
        self.busy(False)
        self.itemRefreshed.emit(media)
        ready = [rendition_name(r) for r in media.mp4_renditions if (r.status or "ready") == "ready"]
        self.status.emit("MP4 renditions: " + (", ".join(ready) + " ready." if ready else "none."))
