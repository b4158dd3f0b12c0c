"""What the window shows: the selected item of each list tab, its details, tracks and kind.

Selecting a row shows its list data at once and fetches fresh details in a pool job (a
newer selection supersedes it; a stale answer is dropped); fresh data for an item (details,
an edit, the player's polling, the offline copy) updates its rows everywhere and, if it is
the item shown, its details without collapsing the tree. `pending` holds the IDs to select
once their list arrives (the last run's selection, or an item revealed before its list).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from fastpix_viewer.api.client import FastPixClient
from fastpix_viewer.api.errors import NotFoundError
from fastpix_viewer.api.models import LiveStream, Media, Unreadable
from fastpix_viewer.api.recordings import KIND_CLIP, KIND_LIVE_CLIP, KIND_RECORDING, RecordingIndex
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.items import MEDIA_TAB, STREAMS_TAB, isolate, item_title, same_item
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.lists import columns
from fastpix_viewer.ui.lists.record_table import RecordTableModel
from fastpix_viewer.ui.shell.layout import ShellWidgets
from fastpix_viewer.ui.sync.offline import OfflineCache


class Selection(QObject):
    """See the module docstring. Emits `changed(item)` after every change of the shown item,
    `streamRefreshed(asked, fresh)` when a stream's fresh details arrive (its recordings may
    need reloading), `status(text)` for the status bar and `error(title, text)` for a dialog."""

    changed = Signal(object)
    streamRefreshed = Signal(object, object)
    status = Signal(str)
    error = Signal(str, str)
    titleChanged = Signal(object)  # the item whose name the window title shows (None: none)

    def __init__(
        self,
        widgets: ShellWidgets,
        models: tuple[RecordTableModel, RecordTableModel, RecordTableModel],
        pool: WorkerPool,
        client: FastPixClient | None,
        offline: OfflineCache,
        recording_index: Callable[[], RecordingIndex],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._w = widgets
        self._streams_model, self._recordings_model, self._media_model = models
        self._pool = pool
        self._client = client
        self._offline = offline
        self._recording_index = recording_index
        self._tab_item: dict[int, Any] = {}
        self._current: Any = None
        self._kind_stream_id: str | None = None
        self._closed = False
        self.pending: dict[str, str] = {}
        widgets.recordings_pane.currentObjectChanged.connect(lambda obj: self.on_item_selected(STREAMS_TAB, obj))
        widgets.media_pane.currentObjectChanged.connect(lambda obj: self.on_item_selected(MEDIA_TAB, obj))
        widgets.list_tabs.currentChanged.connect(self._on_tab_changed)
        # A click on the row that is already current (e.g. the stream, while its recording is
        # shown) changes no current row, yet the user now means that item.
        for tab, pane in ((STREAMS_TAB, widgets.streams_pane), (STREAMS_TAB, widgets.recordings_pane),
                          (MEDIA_TAB, widgets.media_pane)):
            pane.view.clicked.connect(lambda _i, t=tab, p=pane: self.focus_item(t, p.current_object()))
        widgets.show_stream_button.clicked.connect(self._show_kind_stream)
        self.update_kind_line(None)

    def current(self) -> Any:
        return self._current

    def close(self) -> None:
        """Drop every late answer from now on (the window is closing)."""
        self._closed = True

    def select(self, tab: int, item_id: str) -> bool:
        """Show `tab` and select `item_id` in its list (streams tab: streams, then recordings)."""
        self._w.list_tabs.setCurrentIndex(tab)
        if tab == MEDIA_TAB:
            return self._w.media_pane.select_id(item_id)
        return self._w.streams_pane.select_id(item_id) or self._w.recordings_pane.select_id(item_id)

    def reveal(self, tab: int, item: LiveStream | Media) -> None:
        """Select `item`'s row, or show it now and select it once its list arrives."""
        if self.select(tab, item.id):
            return
        self._tab_item[tab] = item
        self.show_item(item, fetch=False)
        self.pending["streams" if tab == STREAMS_TAB else "media"] = item.id

    def on_item_selected(self, tab: int, item: Any) -> None:
        if item is None:
            return
        self._tab_item[tab] = item
        if self._w.list_tabs.currentIndex() == tab:
            self.show_item(item, fetch=True)

    def _on_tab_changed(self, tab: int) -> None:
        # Details always describe the visible tab's pick: a tab with none shows nothing,
        # never the item of the tab just left.
        item = self._tab_item.get(tab)
        if item is not None:
            self.show_item(item, fetch=False)
        elif self._current is not None:
            self.clear_item()

    def focus_item(self, tab: int, item: Any) -> None:
        """`item` was clicked or played in `tab` (maybe already its list's current row): show it."""
        if item is None or same_item(self._current, item) or item is self._current:
            return
        self._tab_item[tab] = item
        if self._w.list_tabs.currentIndex() == tab:
            self.show_item(item, fetch=True)

    def clear_item(self) -> None:
        """Show no item: empty details, tracks, preview and kind line, the window's own title."""
        self._current = None
        self.titleChanged.emit(None)
        self._w.details_view.set_document(None, {})
        self._w.tracks_model.set_tracks([])
        self._w.thumbnail_preview.show_item(None)
        self.update_kind_line(None)
        self.changed.emit(None)

    def show_item(self, item: Any, *, fetch: bool, same_record: bool = False) -> None:
        self._current = item
        self.titleChanged.emit(item)
        self._w.thumbnail_preview.show_item(item)
        self.update_kind_line(item)
        raw = item.raw if not isinstance(item, Unreadable) else {"unreadable": item.reason, "data": item.raw}
        self._w.details_view.set_document(None, _plain_json(raw), same_record=same_record)
        self._w.tracks_model.set_tracks(_raw_tracks(item))
        self._w.tracks_view.expandAll()
        for column in range(self._w.tracks_model.columnCount()):
            self._w.tracks_view.resizeColumnToContents(column)
        if fetch and not isinstance(item, Unreadable):
            self.fetch_details(item)
        self.changed.emit(item)

    def forget_media(self, media_id: str) -> None:
        """A deleted media: its rows go, and Details empties if it was shown."""
        for pane in (self._w.media_pane, self._w.recordings_pane):
            shown = pane.current_object()
            if shown is not None and columns.row_id(shown) == media_id:
                pane.clear_current()  # Details empty rather than jump to the neighbour
        for model in (self._media_model, self._recordings_model):
            if model.row_for_id(media_id) >= 0:
                model.remove_where(lambda o: columns.row_id(o) == media_id)
        for tab, shown in list(self._tab_item.items()):
            if isinstance(shown, Media) and shown.id == media_id:
                del self._tab_item[tab]
        if isinstance(self._current, Media) and self._current.id == media_id:
            self.clear_item()

    def update_kind_line(self, item: Any) -> None:
        """"Recording of “Weekly town hall”" (with Show stream), "Live clip of …", "Clip", "Upload"."""
        self._kind_stream_id = None
        label, button = self._w.kind_label, self._w.show_stream_button
        if not isinstance(item, Media):
            label.setText("")
            label.hide()
            button.hide()
            return
        index = self._recording_index()
        kind = index.kind(item)
        stream_id = index.stream_of(item.id) if kind == KIND_RECORDING else (
            item.stream_id if kind == KIND_LIVE_CLIP else None)
        if stream_id:
            stream = self._streams_model.object_for_id(stream_id)
            name = isolate(item_title(stream)) if isinstance(stream, LiveStream) else f"live stream {stream_id}"
            text = f"{'Recording' if kind == KIND_RECORDING else 'Live clip'} of “{name}”"
            self._kind_stream_id = stream_id
        elif kind == KIND_CLIP:
            source = self._media_model.object_for_id(item.source_media_id or "")
            text = (f"Clip from “{isolate(item_title(source))}”" if isinstance(source, Media)
                    else f"Clip of media {item.source_media_id}")
        elif kind == KIND_RECORDING or kind == KIND_LIVE_CLIP:
            text = kind.capitalize()
        elif not index.known:
            text = "Media (waiting for the live streams list to tell whether it is a recording)"
        else:
            text = "Upload (no live stream lists it)"
        label.setText(" ".join(text.split()))
        label.show()
        button.setVisible(self._kind_stream_id is not None)

    def _show_kind_stream(self) -> None:
        if self._kind_stream_id is not None and not self.select(STREAMS_TAB, self._kind_stream_id):
            self.status.emit("That live stream is not in the list (yet).")

    # ------------------------------------------------------------------ fresh data

    def fetch_details(self, item: LiveStream | Media) -> None:
        client = self._client
        if client is None:
            return
        is_stream = isinstance(item, LiveStream)

        def fetch(*, cancel: Any) -> Any:
            if is_stream:
                return client.get_stream(item.id, cancel=cancel)
            return client.get_media(item.id, cancel=cancel)

        self._pool.run(
            fetch,
            on_done=lambda fresh: self._on_details(item, fresh),
            on_error=lambda exc: self._on_details_failed(item, exc),
            owner=self, key=("details", "stream" if is_stream else "media"), pass_token=True,
        )

    def _on_details(self, asked: Any, fresh: Any) -> None:
        if self._closed:
            return
        # The list rows always take the fresh data (it is newer whatever is selected).
        self._update_rows(fresh)
        self._offline.details_loaded(fresh)
        if isinstance(fresh, LiveStream):
            self.streamRefreshed.emit(asked, fresh)
        # Only the item still shown gets its details replaced: a late answer for a
        # selection the user has left is dropped here.
        if same_item(self._current, fresh):
            self.show_item(fresh, fetch=False, same_record=True)

    def _on_details_failed(self, asked: Any, exc: BaseException) -> None:
        if self._closed or not same_item(self._current, asked):
            return
        message = describe_failure(exc)
        if isinstance(exc, NotFoundError):
            self.error.emit("Item not found", f"“{item_title(asked)}” is no longer in this workspace. {message}")
        self.status.emit(f"Could not refresh the details: {message}")
        self._offline.details_failed(asked, exc)

    def apply_update(self, item: Any) -> None:
        """Newer data for an item: its rows, and its details if it is shown."""
        self._update_rows(item)
        if same_item(self._current, item):
            self.show_item(item, fetch=False, same_record=True)

    def _update_rows(self, item: Any) -> None:
        if isinstance(item, LiveStream):
            models = (self._streams_model,)
        else:
            models = (self._media_model, self._recordings_model)
        for model in models:
            model.update_row(item.id, item)
        for tab, shown in list(self._tab_item.items()):
            if same_item(shown, item):
                self._tab_item[tab] = item


def _raw_tracks(item: Any) -> list[dict]:
    raw = item.raw.get("tracks") if isinstance(item, Media) else None
    if not isinstance(raw, list | tuple):
        return []
    return [dict(t) for t in raw if isinstance(t, Mapping)]


def _plain_json(value: Any) -> Any:
    """Mappings and tuples as dicts and lists (the tree model walks plain JSON types)."""
    if isinstance(value, Mapping):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_json(v) for v in value]
    return value
