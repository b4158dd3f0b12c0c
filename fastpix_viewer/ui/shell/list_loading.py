"""Filling the three lists: streams and media page by page, a stream's recordings on selection.

`PagedLoader`s fill the stream and media tables in the background; selecting a stream
lists its recordings (newest first) through a `RecordingsLoader`. Once a listing is
complete the saved selection is restored (or the first stream with recordings is shown),
and the recording index (which media a stream lists) is rebuilt from the streams, since
the media rows' Kind column depends on it. Failures show in each list's banner, whose
Retry starts that list again; the status bar's label counts the pages loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.api.recordings import RecordingIndex
from fastpix_viewer.api.step_aside import foreground
from fastpix_viewer.ui.core.after_paint import after_next_paint
from fastpix_viewer.ui.core.items import STREAMS_TAB, isolate, item_title
from fastpix_viewer.ui.core.long_lived import freeze_if_large
from fastpix_viewer.ui.core.worker import Job, WorkerPool
from fastpix_viewer.ui.lists import columns
from fastpix_viewer.ui.lists.record_table import PreparedRows, RecordTableModel
from fastpix_viewer.ui.shell.head_start import HeadStart
from fastpix_viewer.ui.shell.layout import ShellWidgets
from fastpix_viewer.ui.shell.paged_loader import PagedLoader, RecordingsLoader
from fastpix_viewer.ui.shell.selection import Selection
from fastpix_viewer.ui.sync.offline import OfflineCache

log = logging.getLogger(__name__)

# Rows swapped in per turn: ~6 ms here (5,000 at a time were 20-30 ms of Python and as much
# again for the filter proxy and the freed rows: stalls of 45-73 ms at 50,000 media; 1,000 at
# a time were 13 ms, one of the longest gaps of a 1,000-media load; issue 15).
SWAP_SLICE = 500
SWAP_PAUSE_MS = 1  # between slices: a zero timer ran the next slice before input and timers


class ListLoading(QObject):
    """See the module docstring. Without a client (no workspace) it loads nothing."""

    def __init__(
        self,
        widgets: ShellWidgets,
        load_label: QLabel,
        models: tuple[RecordTableModel, RecordTableModel, RecordTableModel],
        selection: Selection,
        pool: WorkerPool,
        client: FastPixClient | None,
        offline: OfflineCache,
        parent: QObject | None = None,
        *,
        head_start: HeadStart | None = None,
    ) -> None:
        super().__init__(parent)
        self._w = widgets
        self._load_label = load_label
        self._streams_model, self._recordings_model, self._media_model = models
        self._selection = selection
        self._pool = pool
        self._closed = False
        # With nothing to restore, the first stream with recordings is made current with the
        # first rows and announced just after they have painted (start-up shows the list
        # first); until then the load is not finished (is_loading stays true).
        self._first_stream_pending = False
        # At start-up the media listing (a tab not in view) waits for the streams list's first
        # paint; until it starts, the load is not finished either.
        self._media_pending = False
        self._repreparing: Job | None = None  # the media rows being worked out again
        # Which media are recordings: the ones a stream lists in mediaIds (api.recordings).
        # Unknown until the streams listing (fresh or cached) is complete.
        self.recording_index = RecordingIndex()
        self._streams_known = False
        self._kinds_stale = False
        self.streams_loader: PagedLoader | None = None
        self.media_loader: PagedLoader | None = None
        self.recordings_loader: RecordingsLoader | None = None
        # Media deleted from this window: streams keep listing their IDs (FastPix does), so
        # they are left out of every recordings listing and count from now on.
        self._deleted: set[str] = set()

        widgets.streams_pane.currentObjectChanged.connect(self._on_stream_selected)
        selection.streamRefreshed.connect(self._on_stream_refreshed)
        assert widgets.media_pane.recordings_check is not None
        widgets.media_pane.recordings_check.toggled.connect(lambda _on: self._update_recordings_note())
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.setInterval(0)
        self._index_timer.timeout.connect(self._rebuild_recording_index)
        model = self._streams_model
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(lambda *_a: self._index_timer.start() if self._streams_known else None)
        if client is not None:
            self._build_loaders(pool, client, offline.get_media, head_start)

    def _build_loaders(self, pool: WorkerPool, client: FastPixClient,
                       saved_media: Callable[..., Any], head_start: HeadStart | None) -> None:
        concurrency = max(1, min(client.concurrency, pool.max_threads))
        fetch_streams: Callable[..., Any] = (
            head_start.streams_page if head_start is not None  # page 1 may be on its way already
            else lambda n, cancel: client.streams_page(n, cancel=cancel)
        )
        self.streams_loader = PagedLoader(
            pool, self._streams_model, fetch_streams, concurrency=concurrency, parent=self,
        )
        self.media_loader = PagedLoader(
            pool, self._media_model,
            lambda n, cancel: client.media_page(n, cancel=cancel), concurrency=concurrency, parent=self,
        )
        self.recordings_loader = RecordingsLoader(
            pool, self._recordings_model,
            saved_media,  # the saved copy when FastPix is unreachable
            concurrency=concurrency, parent=self,
        )
        w = self._w
        for name, loader, pane, banner in (
            ("streams", self.streams_loader, w.streams_pane, w.streams_banner),
            ("media", self.media_loader, w.media_pane, w.media_banner),
            ("recordings", self.recordings_loader, w.recordings_pane, w.recordings_banner),
        ):
            loader.progress.connect(pane.set_progress)
            loader.progress.connect(self._update_load_label)
            loader.finished.connect(lambda _n, key=name: self.on_loaded(key))
            loader.failed.connect(banner.show_message)
            loader.failed.connect(self._update_load_label)
        self.recordings_loader.finished.connect(lambda _n: self._update_recordings_title())
        w.streams_banner.retryClicked.connect(self.retry_streams)
        w.media_banner.retryClicked.connect(self.retry_media)
        w.recordings_banner.retryClicked.connect(self.reload_recordings)

    def loaders(self) -> tuple[PagedLoader | None, PagedLoader | None, RecordingsLoader | None]:
        return self.streams_loader, self.media_loader, self.recordings_loader

    def is_loading(self) -> bool:
        return self._repreparing is not None or self._first_stream_pending or self._media_pending or any(
            loader is not None and loader.is_loading for loader in self.loaders())

    def cancel(self) -> None:
        """Stop every listing for good (the window is closing)."""
        self._closed = True
        self._first_stream_pending = False
        self._media_pending = False
        if self._repreparing is not None:
            self._repreparing.cancel()
            self._repreparing = None
        for loader in self.loaders():
            if loader is not None:
                loader.cancel()

    def retry_streams(self) -> None:
        if self.streams_loader is not None:
            self._w.streams_banner.clear()
            self.streams_loader.start()
            self._update_load_label()

    def retry_media(self) -> None:
        self._media_pending = False  # started now: a start waiting for the paint has nothing left to do
        if self.media_loader is not None:
            self._w.media_banner.clear()
            self.media_loader.start()
            self._update_load_label()

    def retry_media_after_paint(self) -> None:
        """Start the media listing once the streams list has painted: for a window about to be
        shown with the Media tab out of view. Its request, parsing and rows then neither delay
        nor compete with the window's first paint (~30 ms of start-up, issue 15)."""
        if self.media_loader is None:
            return
        self._media_pending = True
        # One turn of the event loop first: the window is shown right after its first refresh,
        # and only a shown list waits for its paint (a hidden one would not wait at all).
        QTimer.singleShot(0, self, lambda: after_next_paint(self._w.streams_pane.view.viewport(),
                                                            self._start_pending_media))

    def _start_pending_media(self) -> None:
        if self._media_pending and not self._closed:
            self.retry_media()

    def reload_recordings(self) -> None:
        stream = self._w.streams_pane.current_object()
        if isinstance(stream, LiveStream):
            self._load_recordings(stream)

    def _load_recordings(self, stream: LiveStream) -> None:
        if self.recordings_loader is None:
            return
        self._w.recordings_banner.clear()
        listed = [m for m in stream.media_ids if m not in self._deleted]
        self.recordings_loader.start(stream.id, list(reversed(listed)))
        self._update_recordings_title()

    def _update_recordings_title(self) -> None:
        """"Recordings of X (N)": N leaves out what was deleted (here, or found gone by a load)."""
        stream = self._w.streams_pane.current_object()
        if not isinstance(stream, LiveStream):
            return
        name = isolate(item_title(stream))
        gone = self.recordings_loader.gone_count if self.recordings_loader is not None else 0
        count = max(0, len([m for m in stream.media_ids if m not in self._deleted]) - gone)
        self._w.recordings_title.setText(f"Recordings of {name} ({count})" if count else f"No recordings of {name}")

    def forget_recording(self, media_id: str) -> None:
        """A deleted media: the streams that list it count one fewer, at once."""
        self._deleted.add(media_id)
        self._drop_deleted_from_streams()
        self._update_recordings_title()

    def _drop_deleted_from_streams(self) -> None:
        # FastPix keeps listing deleted media in a stream's mediaIds; a fresh listing brings them back.
        if not self._deleted:
            return
        for stream in self._streams_model.objects():
            if isinstance(stream, LiveStream) and not self._deleted.isdisjoint(stream.media_ids):
                fresh = replace(stream, media_ids=tuple(m for m in stream.media_ids if m not in self._deleted))
                self._streams_model.update_row(stream.id, fresh)

    def _on_stream_selected(self, stream: Any) -> None:
        if isinstance(stream, LiveStream):
            self._load_recordings(stream)
        elif self.recordings_loader is not None:
            self.recordings_loader.clear()
            self._w.recordings_title.setText("Recordings")
        self._selection.on_item_selected(STREAMS_TAB, stream)

    def _on_stream_refreshed(self, asked: LiveStream, fresh: LiveStream) -> None:
        # A stream whose recordings changed (or failed to list) lists them again.
        selected = self._w.streams_pane.current_object()
        if isinstance(selected, LiveStream) and selected.id == fresh.id and (
            list(fresh.media_ids) != list(asked.media_ids)
            or (self.recordings_loader is not None and self.recordings_loader.error)
        ):
            self._load_recordings(fresh)

    def on_loaded(self, which: str) -> None:
        """A listing ("streams", "media" or "recordings") is complete, fresh or from the
        offline copy: restore the selection it was waiting for."""
        self._update_load_label()
        if which == "streams":
            self._drop_deleted_from_streams()
            self._streams_known = True  # the whole listing (fresh, or the cached copy)
            self._rebuild_recording_index()
        elif which == "media" and self._kinds_stale:
            # Pages prepared (on a worker) before the index changed show the old kinds.
            self._kinds_stale = False
            self._reprepare_media()
        wanted = self._selection.pending.pop(which, None)
        pane = self._w.panes()[which]
        if wanted and pane.select_id(wanted):
            return
        if which == "streams" and pane.current_object() is None and pane.proxy.rowCount():
            # Nothing to restore: show the first stream with recordings rather than an empty
            # window. It is made current now (a focus-in would otherwise make the first row
            # current), and announced once the list has painted: Details, its recordings and
            # their requests come a moment after the first rows (issue 15).
            # Stop at the first match: reading every row through the proxy took 0.1 s at 1,000 streams.
            rows = (pane.proxy.object_at(r) for r in range(pane.proxy.rowCount()))
            first = next((s for s in rows if isinstance(s, LiveStream) and s.media_ids), None)
            pane.select_id(columns.row_id(first if first is not None else pane.proxy.object_at(0)), announce=False)
            self._first_stream_pending = True
            after_next_paint(pane.view.viewport(), self._announce_first_stream)

    def _announce_first_stream(self) -> None:
        self._first_stream_pending = False
        if not self._closed:
            self._w.streams_pane.announce_current()  # a no-op if the user has picked another meanwhile

    def _rebuild_recording_index(self) -> None:
        if self._closed:
            return
        fresh = RecordingIndex.from_streams(self._streams_model.objects(), known=self._streams_known)
        if fresh == self.recording_index:
            return
        self.recording_index = fresh
        # The Kind column, titles and search text of the media rows depend on it.
        self._reprepare_media()
        self._kinds_stale = self.media_loader is not None and self.media_loader.is_loading
        self._w.media_pane.refresh_recordings_filter()
        self._update_recordings_note()
        current = self._selection.current()
        if isinstance(current, Media):
            self._selection.update_kind_line(current)

    def _reprepare_media(self) -> None:
        """Work the media rows out again on a worker (their Kind column, titles and search text
        follow the recording index), then swap them in: on the main thread this took 0.7 s at
        10,000 media and seconds at 50,000 (bench/README.md, "stalls"). A newer call supersedes
        an older one; rows replaced meanwhile keep their newer version (`refresh_rows`)."""
        if self._closed:
            return
        model = self._media_model

        def swap_in(prepared: Any, start: int = 0) -> None:
            # A slice per event-loop turn: the swap walks every row (0.15 s at 50,000 in one go).
            if self._closed or self._repreparing is not job:
                return  # the window closed, or a newer preparation superseded this one
            rows = prepared.rows[start : start + SWAP_SLICE]
            with foreground():
                model.refresh_rows(PreparedRows(model, rows))
            if start + SWAP_SLICE < len(prepared.rows):
                QTimer.singleShot(SWAP_PAUSE_MS, self, lambda: swap_in(prepared, start + SWAP_SLICE))
                return
            self._repreparing = None
            # Rows live as long as the list: out of the cyclic GC's reach, as the loader's are
            # (at 50,000 media a full collection walking them held the GIL ~90 ms).
            freeze_if_large(self._media_model.rowCount())
            self._update_load_label()

        def failed(exc: BaseException) -> None:
            if self._repreparing is job:
                self._repreparing = None
            log.error("could not work out the media rows again", exc_info=(type(exc), exc, exc.__traceback__))

        job = self._pool.run(model.prepare_rows, model.objects(), on_done=swap_in, on_error=failed,
                             owner=self, key=("reprepare", id(model)))
        self._repreparing = job

    def _update_recordings_note(self) -> None:
        check = self._w.media_pane.recordings_check
        waiting = check is not None and check.isChecked() and not self.recording_index.known
        self._w.media_pane.set_count_note(
            "Waiting for the live streams list: a recording is a media a stream lists" if waiting else "")

    def _update_load_label(self, *_args: Any) -> None:
        parts = []
        fmt = self._load_label.locale().toString
        for label, loader in (("Streams", self.streams_loader), ("Media", self.media_loader)):
            if loader is None:
                continue
            if loader.error:
                parts.append(f"{label}: failed")
            elif loader.is_loading:
                total = loader.total
                parts.append(f"{label}: loaded {fmt(loader.loaded)}" + (f" of {fmt(total)}" if total else ""))
        self._load_label.setText(" · ".join(parts) if parts else "")
