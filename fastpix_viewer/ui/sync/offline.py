"""The offline cache in the window: last complete listings shown at once, details when offline.

At start the workspace's cached streams and media are read and parsed in a pool job and
shown if the fresh listing has not arrived yet, marked in the pane's progress line ("Cached
listing from 10:42 — refreshing…"). Fresh pages replace cached rows by ID; when the fresh
listing completes, cached rows it no longer has are dropped and the new listing is saved
(in a job). When FastPix cannot be reached the cached rows stay, the status bar says
"Offline", and details and recordings come from the cache, marked as such.

Storage is `fastpix_viewer.cache.offline.OfflineStore` (SQLite, Qt-free); every read and
write runs in the one `WorkerPool`, so the main thread never waits on the database.
"""

from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.errors import Cancelled, FastPixError, NetworkError
from fastpix_viewer.api.models import LiveStream, Media, parse_media, parse_stream, read_items
from fastpix_viewer.cache.offline import OfflineStore, workspace_key
from fastpix_viewer.ui.core.items import same_item
from fastpix_viewer.ui.core.worker import WorkerPool

log = logging.getLogger(__name__)

DB_NAME = "offline.sqlite3"
OFFLINE_TEXT = "Offline"
PROBE_TIMEOUT = 3.0


def saved_time_text(epoch: float, now: _dt.datetime | None = None) -> str:
    """"10:42" today, else "2026-11-25 10:42" (local time)."""
    when = _dt.datetime.fromtimestamp(epoch).astimezone()
    today = (now or _dt.datetime.now().astimezone()).date()
    return when.strftime("%H:%M") if when.date() == today else when.strftime("%Y-%m-%d %H:%M")


def _reachable(client: Any) -> bool:
    """Whether FastPix's API host answers at all (any HTTP status counts), asked after a
    listing failed. Through the client's own transport, so proxies apply as for real calls."""
    try:
        client.transport.request("GET", client.endpoints.api_base + "/", deadline=PROBE_TIMEOUT)
    except NetworkError:
        return False
    except FastPixError:
        return True  # it answered, if oddly
    return True


class OfflineHost(Protocol):
    """What the offline cache uses of the window (the shell's MainWindow). Loaders, panes and
    models are typed loosely: sync may not import the shell or the lists (layer rule)."""

    streams_loader: Any
    media_loader: Any
    recordings_loader: Any
    streams_pane: Any
    media_pane: Any
    recordings_model: Any

    def is_closed(self) -> bool: ...
    def list_loaded(self, which: str) -> None: ...
    def current_item(self) -> Any: ...
    def apply_update(self, item: Any) -> None: ...
    def show_status(self, text: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...


class OfflineCache(QObject):
    """Keeps and shows the cached copy for one window (see the module docstring).

    With `cache_dir` None (or no client) it stores nothing and passes fetches through.
    """

    offlineChanged = Signal(bool)

    def __init__(self, pool: WorkerPool, client: Any, cache_dir: Path | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._client = client
        self.store = OfflineStore(cache_dir / DB_NAME) if cache_dir is not None and client is not None else None
        self.workspace = (workspace_key(client.endpoints.api_base, client.workspace.token_id)
                          if client is not None else "")
        self.offline = False
        self._window: OfflineHost | None = None
        self._cached: dict[str, list[Any]] = {}  # kind -> cached objects still shown
        self._cached_at: dict[str, float] = {}
        # Recordings served from the cache (worker threads add): not saved back as if fresh.
        self._served_from_cache: set[str] = set()
        self._stopped_said = False
        self.indicator = QLabel(OFFLINE_TEXT)
        self.indicator.setObjectName("offlineIndicator")
        self.indicator.setTextFormat(Qt.TextFormat.PlainText)
        self.indicator.setToolTip("FastPix cannot be reached: lists and details are the copies saved earlier.")
        self.indicator.setStyleSheet("#offlineIndicator { color: #8a4b00; font-weight: bold; padding: 0 6px; }")
        self.indicator.hide()

    # -- wiring -------------------------------------------------------------------------

    def attach(self, window: OfflineHost) -> None:
        """Connect to the window's loaders and status bar, and start reading the cache."""
        self._window = window
        window.statusBar().addPermanentWidget(self.indicator)
        for kind, loader in (("streams", window.streams_loader), ("media", window.media_loader)):
            if loader is None:
                continue
            loader.finished.connect(lambda _n, k=kind: self._on_listing_loaded(k))
            loader.failed.connect(lambda _msg, k=kind: self._on_listing_failed(k))
        if window.recordings_loader is not None:
            window.recordings_loader.finished.connect(lambda _n: self._save_recordings())
        if self.store is not None:
            for kind in ("streams", "media"):
                self._read_listing(kind)

    def _pane(self, kind: str) -> Any:
        return self._window.streams_pane if kind == "streams" else self._window.media_pane

    def _loader(self, kind: str) -> Any:
        return self._window.streams_loader if kind == "streams" else self._window.media_loader

    def is_cached(self, kind: str) -> bool:
        """Whether the `kind` list shows cached rows the fresh listing has not replaced yet."""
        return bool(self._cached.get(kind))

    # -- listings -----------------------------------------------------------------------

    def _read_listing(self, kind: str) -> None:
        store, workspace = self.store, self.workspace
        model = self._pane(kind).model
        parser = parse_stream if kind == "streams" else parse_media

        def read(*, cancel: CancelLike) -> Any:
            cached = store.load_listing(workspace, kind)  # type: ignore[union-attr]
            if cached is None or cancel.cancelled:
                return None
            objs = [o for o in read_items(parser, cached.items, kind) if isinstance(o, LiveStream | Media)]
            return cached.saved_at, objs, model.prepare_rows(objs)

        self._pool.run(read, on_done=lambda result: self._show_listing(kind, result), owner=self,
                       pass_token=True)

    def _show_listing(self, kind: str, result: Any) -> None:
        if result is None or self._window is None or self._window.is_closed():
            return
        saved_at, objs, prepared = result
        loader, pane = self._loader(kind), self._pane(kind)
        # Only into an empty list: fresh rows that already arrived win.
        if not objs or pane.model.rowCount() or (loader is not None and loader.loaded):
            return
        pane.model.append_rows(prepared)
        self._cached[kind] = objs
        self._cached_at[kind] = saved_at
        self._label(kind)
        self._window.list_loaded(kind)  # restores the saved selection, as a fresh load does

    def _label(self, kind: str) -> None:
        loader = self._loader(kind)
        when = saved_time_text(self._cached_at[kind])
        if loader is not None and loader.is_loading:
            text = f"Cached listing from {when} — refreshing…"
        elif self.offline:
            text = f"Cached listing from {when} — offline"
        else:
            text = f"Cached listing from {when} — could not refresh"
        self._pane(kind).progress_label.setText(text)

    def _on_listing_loaded(self, kind: str) -> None:
        self._set_offline(False)
        pane = self._pane(kind)
        stale = {id(o) for o in self._cached.pop(kind, [])}
        if stale:  # rows still showing a cached record were not listed by FastPix: gone
            pane.model.remove_where(lambda o: id(o) in stale)
        if self.store is None:
            return
        # A generator: the records' JSON is decoded in the job, not here on the main thread.
        raws = (o.raw for o in pane.model.objects() if isinstance(o, LiveStream | Media))
        store, workspace = self.store, self.workspace
        self._pool.run(store.save_listing, workspace, kind, raws, owner=self, key=("offline-save", kind),
                       on_done=lambda _r: self._report_stopped(),
                       on_error=lambda exc: log.warning("could not save the %s listing: %s", kind, exc))

    def _report_stopped(self) -> None:
        """Once per window: the offline copy stopped being written (disk full...); say so in the
        status bar, where it stays until something else is shown there."""
        store = self.store
        if store is None or store.stopped is None or self._stopped_said or self._window is None:
            return
        self._stopped_said = True
        self._window.statusBar().showMessage(store.stopped)

    def _on_listing_failed(self, kind: str) -> None:
        if self._client is None:
            return
        if kind in self._cached:
            self._label(kind)
        self._pool.run(_reachable, self._client, owner=self, key="offline-probe",
                       on_done=lambda ok: self._set_offline(not ok))

    def _set_offline(self, offline: bool) -> None:
        if offline == self.offline:
            return
        self.offline = offline
        self.indicator.setVisible(offline)
        for kind in list(self._cached):
            self._label(kind)
        if offline and self._window is not None:
            self._window.show_status("Offline: FastPix cannot be reached; showing the copies saved earlier.")
        self.offlineChanged.emit(offline)

    # -- details ------------------------------------------------------------------------

    def details_loaded(self, item: Any) -> None:
        """Fresh details arrived: keep them (in a job)."""
        self._set_offline(False)
        if self.store is None or not isinstance(item, LiveStream | Media):
            return
        kind = "streams" if isinstance(item, LiveStream) else "media"
        self._pool.run(self.store.save_details, self.workspace, kind, [(item.id, item.raw)], owner=self,
                       on_done=lambda _r: self._report_stopped(),
                       on_error=lambda exc: log.warning("could not save details: %s", exc))

    def details_failed(self, asked: Any, exc: BaseException) -> None:
        """Fetching details failed: when FastPix is unreachable, show the cached copy, marked."""
        if not isinstance(exc, NetworkError) or not isinstance(asked, LiveStream | Media):
            return
        self._set_offline(True)
        if self.store is None:
            self._note_for(asked, "Offline: these are the list's data; the details could not be refreshed.")
            return
        store, workspace = self.store, self.workspace
        is_stream = isinstance(asked, LiveStream)

        def read() -> Any:
            cached = store.load_details(workspace, "streams" if is_stream else "media", asked.id)
            if cached is None:
                return None
            parsed = read_items(parse_stream if is_stream else parse_media, [cached.raw], "item")[0]
            return (cached.saved_at, parsed) if isinstance(parsed, LiveStream | Media) else None

        self._pool.run(read, owner=self, key=("offline-details",),
                       on_done=lambda result: self._show_cached_details(asked, result))

    def _show_cached_details(self, asked: Any, result: Any) -> None:
        window = self._window
        if window is None or window.is_closed():
            return
        current = window.current_item()
        if not same_item(current, asked):
            return  # the user moved on
        if result is None:
            self._note_for(asked, "Offline: these are the list's data; no saved details for this item.")
            return
        saved_at, item = result
        window.apply_update(item)
        self._note_for(item, f"Offline: details saved at {saved_time_text(saved_at)} (cached copy).")

    def _note_for(self, item: Any, text: str) -> None:
        preview = getattr(self._window, "thumbnail_preview", None)
        if preview is not None:
            preview.set_note(text)
        self._window.show_status(text)

    # -- recordings ---------------------------------------------------------------------

    def get_media(self, media_id: str, cancel: CancelLike) -> Media:
        """`client.get_media`, or (FastPix unreachable) the saved copy. Worker thread."""
        try:
            return self._client.get_media(media_id, cancel=cancel)
        except Cancelled:
            raise
        except NetworkError:
            if self.store is None:
                raise
            cached = self.store.load_details(self.workspace, "media", media_id)
            if cached is None:
                raise
            parsed = read_items(parse_media, [cached.raw], "media")[0]
            if not isinstance(parsed, Media):
                raise
            self._served_from_cache.add(media_id)
            return parsed

    def _save_recordings(self) -> None:
        window = self._window
        if self.store is None or window is None:
            return
        served, self._served_from_cache = self._served_from_cache, set()
        kept = [o for o in window.recordings_model.objects() if isinstance(o, Media) and o.id not in served]
        if kept:
            raws = ((o.id, o.raw) for o in kept)  # decoded in the job, off the main thread
            self._pool.run(self.store.save_details, self.workspace, "media", raws, owner=self,
                           on_done=lambda _r: self._report_stopped(),
                           on_error=lambda exc: log.warning("could not save recordings: %s", exc))
