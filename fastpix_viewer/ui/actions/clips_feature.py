"""Clips in the window: the player's "Create clip…" opens the clip dialog for what plays; a new
clip is followed from Created to Ready (progress in the status bar, the clip's row in the Media
list and in its source's Clips section, a desktop notification when it is ready); the
"Clips & IDs" tab; the MP4 switches in the Item menu and context menu; and "Enable MP4 and
download when ready" where Download finds no MP4.

Marks belong to the item that plays: when the player opens another item they are cleared
(a quality or DVR switch re-opens the same item and keeps them).
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from fastpix_viewer.api.clips import Clip
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.ui.actions.clip_dialog import ClipDialog
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.details.clips_tab import ClipsTab
from fastpix_viewer.ui.details.mp4_section import follow_renditions, has_kind, mp4_value
from fastpix_viewer.ui.playback.request import OPENING

CLIP_READY = "clip-ready"
FOLLOW_INTERVAL_S = 2.0
FOLLOW_LIMIT_S = 900.0


class ClipsFeature(QObject):
    """See the module docstring."""

    follow_interval = FOLLOW_INTERVAL_S

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("clipsFeature")
        self.window = window
        self.dialog: ClipDialog | None = None
        self.offer_dialog: QMessageBox | None = None
        self.following: dict[str, Media] = {}  # clip ID -> its last known state
        self._marked_id: str | None = None
        self.tab = ClipsTab(window.pool, window.client)
        window.info_tabs.addTab(self.tab, "Clips && IDs")
        window.currentItemChanged.connect(self.tab.set_item)
        for section in (self.tab.playback_ids, self.tab.mp4):
            section.itemRefreshed.connect(window.apply_update)
            section.status.connect(window.show_status)
        self.tab.clips.playRequested.connect(window.play_item)
        self.tab.set_item(window.current_item())
        self.marks = getattr(window.player, "marks", None)
        if self.marks is not None:
            self.marks.clipRequested.connect(self.request_clip)
            window.player.stateChanged.connect(self._on_player_state)
        self.mp4_action = QAction("Turn MP4 rendition on", window)
        self.mp4_action.setObjectName("toggleMp4Action")
        self.mp4_action.triggered.connect(lambda: self.tab.mp4.toggle(audio=False))
        self._install_menus()
        self._offer_mp4_on_download()
        loader = getattr(window, "media_loader", None)
        if loader is not None:
            loader.finished.connect(lambda _rows: self.name_clip_sources())

    def name_clip_sources(self) -> None:
        """Rows are made as pages arrive: a clip listed before its source says "clip from media
        <id>". Once the list is complete, such rows are made again with the source's title."""
        model = self.window.media_model
        for obj in model.objects():
            if isinstance(obj, Media) and obj.source_media_id and model.object_for_id(obj.source_media_id):
                model.update_row(obj.id, obj)

    # -- marks → clip dialog -------------------------------------------------------------------

    def _on_player_state(self, state: str) -> None:
        controller = getattr(self.window, "controller", None)
        if state != OPENING or controller is None or self.marks is None:
            return
        item = controller.current_item
        item_id = getattr(item, "id", None)
        if item_id != self._marked_id:
            self._marked_id = item_id
            self.marks.clear()

    def request_clip(self, in_ms: int, out_ms: int) -> ClipDialog | None:
        """The player's Create clip…: the dialog for what plays (the controller's item)."""
        controller = getattr(self.window, "controller", None)
        item = controller.current_item if controller is not None else None
        if not isinstance(item, Media | LiveStream):
            self.window.show_error("Cannot create a clip", "Play the media to clip first.")
            return None
        return self.open_dialog(item, in_ms / 1000, out_ms / 1000)

    def open_dialog(self, source: Media | LiveStream, start_s: float, end_s: float) -> ClipDialog | None:
        if self.window.client is None:
            return None
        if self.dialog is not None and self.dialog.is_sending():
            self.dialog.raise_()  # one clip at a time: the one being sent stays in front
            return self.dialog
        if self.dialog is not None:
            self.dialog.close()
        dialog = ClipDialog(source, start_s, end_s, self.window.pool, self.window.client, self._created, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- following a new clip to Ready ------------------------------------------------------------

    def _created(self, clip: Clip) -> None:
        media = clip.media
        self.following[media.id] = media
        self.window.show_status(f"Clip {media.id} created ({clip.range.describe()}); FastPix is making it…")
        self.follow(media.id, clip.source_id)

    def follow(self, clip_id: str, source_id: str) -> None:
        client, interval, started = self.window.client, self.follow_interval, time.monotonic()

        def wait(progress: Any, cancel: Any = None) -> Media:
            return client.wait_until_ready(clip_id, interval=interval, timeout=FOLLOW_LIMIT_S,
                                           on_update=progress, cancel=cancel)

        self.window.pool.run(
            wait, on_progress=lambda media: self._progress(media, source_id, started),
            on_done=lambda media: self._ready(media, source_id),
            on_error=lambda exc: self._not_ready(clip_id, exc),
            owner=self, key=("follow-clip", clip_id), pass_token=True)

    def _show_clip(self, media: Media, source_id: str) -> None:
        """The clip's rows: the Media list (added the first time), its source's Clips section."""
        first = self.window.media_model.object_for_id(media.id) is None
        self.window.media_model.append_rows([media])  # replaces the row once it is there
        if not first:
            self.window.apply_update(media)
        shown = self.tab.clips.item
        if isinstance(shown, Media) and shown.id == source_id:
            self.tab.clips.add_clip(media)

    def _progress(self, media: Media, source_id: str, started: float) -> None:
        self.following[media.id] = media
        self._show_clip(media, source_id)
        self.window.show_status(f"Clip “{item_title(media)}”: {media.status or 'unknown'} "
                                f"({round(time.monotonic() - started)} s)")

    def _ready(self, media: Media, source_id: str) -> None:
        self.following.pop(media.id, None)
        self._show_clip(media, source_id)
        source = self.window.media_model.object_for_id(source_id)
        whence = f" (from “{item_title(source)}”)" if isinstance(source, Media) else ""
        text = f"“{item_title(media)}”{whence} is ready to play."
        self.window.show_status("Clip ready: " + text)
        notifications = getattr(self.window, "notifications", None)
        if notifications is not None:
            notifications.notify(CLIP_READY, "Clip ready", text)

    def _not_ready(self, clip_id: str, exc: BaseException) -> None:
        self.following.pop(clip_id, None)
        self.window.show_status(f"Clip {clip_id}: {describe_failure(exc)}")

    # -- MP4 from the Item menu, context menu and Download ----------------------------------------

    def _install_menus(self) -> None:
        menu = self.window.menu("&Item")
        menu.addAction(self.mp4_action)
        self.window.currentItemChanged.connect(self._update_mp4_action)
        self._update_mp4_action(self.window.current_item())

        def join_context_menu(*_args: Any) -> None:
            # The Item actions' context menu is built on first use (its slot runs first).
            context = getattr(getattr(self.window, "item_actions", None), "context_menu", None)
            if context is not None and self.mp4_action not in context.actions():
                context.addAction(self.mp4_action)

        for pane in (self.window.media_pane, self.window.recordings_pane):
            pane.view.customContextMenuRequested.connect(join_context_menu)

    def _update_mp4_action(self, item: Any) -> None:
        media = item if isinstance(item, Media) else None
        self.mp4_action.setEnabled(media is not None and self.window.client is not None)
        on = media is not None and has_kind(media, audio=False)
        self.mp4_action.setText("Turn MP4 rendition off" if on else "Turn MP4 rendition on")

    def _offer_mp4_on_download(self) -> None:
        downloads = getattr(self.window, "downloads", None)
        if downloads is not None and hasattr(downloads, "no_mp4_offer"):
            downloads.no_mp4_offer = self.offer_mp4
            downloads.update_actions()

    def offer_mp4(self, media: Media) -> QMessageBox | None:
        """Download found no MP4: offer to turn it on and download once FastPix has made it."""
        if self.window.client is None or not media.is_ready:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "No MP4 yet", "", QMessageBox.StandardButton.Cancel,
                          self.window)
        box.setObjectName("enableMp4Dialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        video = next((r for r in media.mp4_renditions if not r.is_audio), None)
        if video is None:
            box.setText(f"“{item_title(media)}” has no MP4 rendition, so there is no file to download yet.\n\n"
                        "FastPix can make one (usually a few minutes); the download then starts by itself.")
            go = box.addButton("Enable MP4 and download when ready", QMessageBox.ButtonRole.AcceptRole)
        else:  # asked for already, not ready (preparing, or failed: asking again retries it)
            box.setText(f"The MP4 rendition of “{item_title(media)}” is {video.status or 'not ready'}, so there "
                        "is no file to download yet.\n\nThe download can start by itself once it is ready.")
            go = box.addButton("Download when ready", QMessageBox.ButtonRole.AcceptRole)
        go.setObjectName("enableMp4AndDownloadButton")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        go.clicked.connect(lambda: self.enable_mp4_then_download(media))
        box.finished.connect(lambda _r: setattr(self, "offer_dialog", None))
        self.offer_dialog = box
        box.open()
        return box

    def enable_mp4_then_download(self, media: Media) -> None:
        client, interval, started = self.window.client, self.follow_interval, time.monotonic()
        value = mp4_value(True, has_kind(media, audio=True))  # an audio rendition stays
        title = item_title(media)

        def send(progress: Any, cancel: Any = None) -> Media:
            updated = client.update_mp4_support(media.id, value)
            progress(updated)
            return follow_renditions(client, media.id, cancel=cancel, progress=progress, interval=interval)

        def progressed(fresh: Media) -> None:
            self.window.apply_update(fresh)
            self.window.show_status(f"Preparing the MP4 of “{title}”… ({round(time.monotonic() - started)} s)")

        self.window.show_status(f"Turning the MP4 rendition of “{title}” on…")
        self.window.pool.run(send, on_progress=progressed, on_done=self._mp4_ready,
                             on_error=lambda exc: self.window.show_status(
                                 f"No MP4 for “{title}”: {describe_failure(exc)}"),
                             owner=self, key=("enable-mp4", media.id), pass_token=True)

    def _mp4_ready(self, media: Media) -> None:
        self.window.apply_update(media)
        downloads = self.window.downloads
        rendition = next((r for r in media.mp4_renditions if not r.is_audio), None)
        if rendition is None or (rendition.status or "ready") != "ready":
            state = rendition.status if rendition is not None else "not made"
            self.window.show_status(f"The MP4 of “{item_title(media)}” is {state}; nothing was downloaded.")
            return
        downloads.manager.request(media, "mp4")
        self.window.show_status(f"The MP4 of “{item_title(media)}” is ready: downloading.")


def install_clips(window: Any) -> ClipsFeature:
    return ClipsFeature(window)
