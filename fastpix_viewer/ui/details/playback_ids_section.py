"""The "Playback IDs" section: a media's or live stream's playback IDs with their policy and
restrictions; add one (public or private), remove one after a confirmation that names it and
says what stops working (the last one says so and asks with its own button), copy each one's
HLS URL.

A media's IDs are read from `GET /on-demand/{id}/playback-ids`, a stream's from the stream
(FastPix has no list endpoint for those). After a change the item is read again and handed
on (`itemRefreshed`), so the player, the lists and the other actions see the same IDs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from fastpix_viewer.api.models import LiveStream, Media, PlaybackId
from fastpix_viewer.api.playback import hls_url
from fastpix_viewer.api.records import Restrictions
from fastpix_viewer.ui.core.items import item_title
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.details.section import Section

HEADERS = ("Playback ID", "Policy", "Restrictions", "HLS URL")


def restriction_text(p: PlaybackId) -> str:
    """"none", or "domains: deny by default, allow example.com; user agents: …"."""
    parts = []
    for label, r in (("domains", p.domains), ("user agents", p.user_agents)):
        if not isinstance(r, Restrictions) or not (r.default_policy == "deny" or r.allow or r.deny):
            continue
        words = [f"{r.default_policy} by default"] if r.default_policy else []
        if r.allow:
            words.append("allow " + ", ".join(r.allow))
        if r.deny:
            words.append("deny " + ", ".join(r.deny))
        parts.append(f"{label}: {', '.join(words)}")
    return "; ".join(parts) or "none"


def removal_text(item: Media | LiveStream, p: PlaybackId, last: bool) -> str:
    """The confirmation: which ID, of what, and what stops working."""
    owner = "live stream" if isinstance(item, LiveStream) else "media"
    text = (f"Remove the {p.access_policy} playback ID {p.id} from the {owner} “{item_title(item)}”?\n\n"
            f"Every player, link, share page and embed that uses this ID stops working: its HLS URL, "
            f"thumbnails and play.fastpix.com page answer “not found”. This cannot be undone.")
    if last:
        text += (f"\n\nThis is the {owner}'s ONLY playback ID: after removing it, nothing can play "
                 f"this {owner} until you add a new playback ID.")
    return text


class PlaybackIdsSection(Section):
    """See the module docstring."""

    itemRefreshed = Signal(object)  # the item read again after an add or a removal
    status = Signal(str)

    def __init__(self, pool: WorkerPool | None, client: Any, parent: Any = None) -> None:
        super().__init__("playbackIdsSection", "Playback IDs", HEADERS, pool, client, parent)
        self.confirm_dialog: QMessageBox | None = None
        self.add_public_button = self.button("addPublicPlaybackIdButton", "Add public", lambda: self.add(False),
                                             "Add a public playback ID (anyone with the URL can play)")
        self.add_private_button = self.button("addPrivatePlaybackIdButton", "Add private", lambda: self.add(True),
                                              "Add a private playback ID (plays with a signed token only)")
        self.copy_button = self.button("copyPlaybackIdUrlButton", "Copy URL", self.copy_url,
                                       "Copy the selected ID's HLS URL")
        self.remove_button = self.button("removePlaybackIdButton", "Remove…", self.ask_remove,
                                         "Remove the selected playback ID (asks first)")
        self.buttons.addStretch(1)
        self.table.currentItemChanged.connect(lambda *_: self.update_buttons())
        self.update_buttons()

    # -- showing -----------------------------------------------------------------------------

    def set_item(self, item: Any) -> None:
        # The item's own list: the window reads a selected item again (fresh details) and
        # hands it here, so no request of its own is needed.
        self.next_item(item if isinstance(item, Media | LiveStream) else None)
        if self.item is None:
            self.set_rows([])
            self.say("")
        else:
            self._show(list(self.item.playback_ids))
        self.update_buttons()

    def refresh(self) -> None:
        item, client = self.item, self.client
        if not isinstance(item, Media | LiveStream) or client is None:
            return

        def load(cancel: Any = None) -> list[PlaybackId]:
            return client.playback_ids_of(item, cancel=cancel)

        self.run(load, self._show, "Could not list the playback IDs")

    def _url(self, p: PlaybackId) -> str:
        try:
            return hls_url(self.client.endpoints, p.id)
        except Exception:  # an ID that is not a valid ID: no URL to build
            return ""

    def _show(self, ids: list[PlaybackId]) -> None:
        current = self.selected_object()
        self.set_rows([([p.id, p.access_policy, restriction_text(p), self._url(p) if self.client else ""], p)
                       for p in ids])
        for i, p in enumerate(ids):
            if isinstance(current, PlaybackId) and p.id == current.id:
                self.select_row(i)
        if not ids:
            self.say("No playback IDs: nothing can play this until you add one.")
        else:
            private = sum(1 for p in ids if p.access_policy != "public")
            self.say(f"{len(ids)} playback ID{'s' if len(ids) != 1 else ''}"
                     + (f" ({private} need a signed token)" if private else "") + ".")
        self.update_buttons()

    def update_buttons(self) -> None:
        usable = self.item is not None and self.client is not None
        for b in (self.add_public_button, self.add_private_button):
            b.setEnabled(usable)
        selected = isinstance(self.selected_object(), PlaybackId)
        self.copy_button.setEnabled(usable and selected)
        self.remove_button.setEnabled(usable and selected)
        self.hold_if_busy()

    # -- changing ------------------------------------------------------------------------------

    def add(self, private: bool) -> None:
        item, client = self.item, self.client
        if item is None or client is None:
            return
        self.busy(True)
        self.say("Adding a private playback ID…" if private else "Adding a public playback ID…")

        def send(cancel: Any = None) -> tuple[PlaybackId, Any]:
            created = client.add_playback_id(item, private=private)
            return created, _reread(client, item, cancel)

        self.run(send, lambda result: self._changed(result[1], f"Added the {result[0].access_policy} "
                                                                f"playback ID {result[0].id}."),
                 "Could not add a playback ID", key="change")

    def ask_remove(self) -> QMessageBox | None:
        """The confirmation (non-blocking); Remove sends the DELETE."""
        p, item = self.selected_object(), self.item
        if not isinstance(p, PlaybackId) or item is None:
            return None
        last = len(self.row_objects()) == 1
        box = QMessageBox(QMessageBox.Icon.Warning, "Remove playback ID", "", QMessageBox.StandardButton.Cancel,
                          self.window())
        box.setObjectName("removePlaybackIdDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(removal_text(item, p, last))
        remove = box.addButton("Remove the last playback ID" if last else "Remove", QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("confirmRemovePlaybackIdButton")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        remove.clicked.connect(lambda: self._remove(item, p, last))
        box.finished.connect(lambda _r: setattr(self, "confirm_dialog", None))
        self.confirm_dialog = box
        box.open()
        return box

    def _remove(self, item: Media | LiveStream, p: PlaybackId, last: bool) -> None:
        client = self.client
        self.busy(True)
        self.say(f"Removing the playback ID {p.id}…")

        def send(cancel: Any = None) -> Any:
            client.remove_playback_id(item, p.id, confirm_last=last, cancel=cancel)
            return _reread(client, item, cancel)

        self.run(send, lambda fresh: self._changed(fresh, f"Removed the playback ID {p.id}; links and players "
                                                          "using it no longer work."),
                 "Could not remove the playback ID", key="change")

    def _changed(self, fresh: Any, text: str) -> None:
        self.busy(False)
        if isinstance(fresh, Media | LiveStream):
            self.item = fresh
            self._show(list(fresh.playback_ids))
            self.itemRefreshed.emit(fresh)
        self.say(text)
        self.status.emit(text)

    def copy_url(self) -> None:
        p = self.selected_object()
        if not isinstance(p, PlaybackId):
            return
        QGuiApplication.clipboard().setText(self._url(p))
        if p.access_policy == "public":
            self.status.emit(f"Copied the HLS URL of {p.id}.")
        else:
            self.status.emit(f"Copied the HLS URL of the {p.access_policy} ID {p.id}: it plays only with a "
                             "signed token (Item › Copy playback URL copies a signed one).")


def _reread(client: Any, item: Media | LiveStream, cancel: Any) -> Any:
    """The item as FastPix has it now (its playback IDs changed)."""
    if isinstance(item, LiveStream):
        return client.get_stream(item.stream_id, cancel=cancel)
    return client.get_media(item.id, cancel=cancel)
