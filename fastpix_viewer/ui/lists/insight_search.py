"""The workspace's AI insights, gathered for the list filter (issue 18 "search that finds the
moment"): each media's summary, chapter titles and named entities.

One pool job per run, cancellable: first the copies kept in the offline store (at once, so
the search works offline too), then each media fresh from FastPix, kept in the store again.
Progress and the entries found come back in order as the job's progress; FastPix becoming
unreachable ends the fresh part (what the store had stays searchable).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from fastpix_viewer.api.errors import Cancelled, NetworkError, RateLimitedError, ServerError
from fastpix_viewer.api.insight_results import parse_insights
from fastpix_viewer.api.models import Media, parse_media, read_items
from fastpix_viewer.api.step_aside import pause_point
from fastpix_viewer.cache.offline import OfflineStore
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.long_lived import freeze_if_large
from fastpix_viewer.ui.core.worker import WorkerPool
from fastpix_viewer.ui.lists.insight_matches import InsightMatch, SearchText

log = logging.getLogger(__name__)

AI_FIELDS = ("summary", "chapters", "namedEntities", "moderation")  # a media's AI fields
GATHERED = "AI insights gathered for search"  # how a run that finished normally begins its note
BATCH = 10  # entries per progress report (and per store write)
# Entries per report when the list's own rows carry the insights: the main thread takes each
# report in one go (all 50,000 in one report held it ~0.1 s; 2,000 took 8-18 ms at 50,000 media).
LISTED_BATCH = 500


class InsightSearch(QObject):
    """`progress(done, total)` while indexing, `changed()` when entries were added,
    `finished(note)` at the end (a plain sentence; also after a cancel)."""

    progress = Signal(int, int)
    changed = Signal()
    finished = Signal(str)

    def __init__(self, pool: WorkerPool, client: Any, store: OfflineStore | None, workspace: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._client = client
        self._store = store
        self._workspace = workspace
        self._entries: dict[str, SearchText] = {}
        # The entries with something to find, by media ID: the filter asks about every row on
        # every keystroke, and most media have no insights (issue 15: at 10,000 media the
        # calls for empty entries were the slowest keystrokes' largest part).
        self._searchable: dict[str, SearchText] = {}
        self._fetched: set[str] = set()  # media asked of FastPix this session (each once)
        self._job: Any = None

    # ---- matching (main thread, on every keystroke) ---------------------------------------------

    def match_for(self, obj: Any, needle: str) -> InsightMatch | None:
        # Asked for every row on every keystroke: a row without insights is one look-up.
        entry = self._searchable.get(getattr(obj, "id", None))
        return entry.find(needle) if entry is not None and isinstance(obj, Media) else None

    def where(self, obj: Any, needle: str) -> str | None:
        """The filter proxy's extra matcher: where `needle` is in `obj`'s insights, or None."""
        found = self.match_for(obj, needle)
        return found.where if found is not None else None

    def media_matching(self, needle: str) -> frozenset[str]:
        """The IDs of the media whose insights hold `needle`: what `where` finds, for every row
        at once (the filter asks once per keystroke; only media with insights are searched)."""
        return frozenset(media_id for media_id, entry in self._searchable.items() if entry.find(needle) is not None)

    def entry(self, media_id: str) -> SearchText | None:
        return self._entries.get(media_id)

    def learn(self, media: Media) -> None:
        """A fresh copy seen elsewhere (the details, a generation that finished). A copy without
        any AI field (a list row of a list that leaves them out) says nothing: it must not
        erase what was gathered (the row would drop out of the filter under the user)."""
        if not any(key in media.raw for key in AI_FIELDS):
            return
        entry = SearchText.of(parse_insights(media))
        if self._entries.get(media.id) != entry:
            self._keep(entry)
            self.changed.emit()

    # ---- indexing --------------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self._job is not None

    def start(self, media: Sequence[Media]) -> None:
        """Gather the insights of those of `media` (list rows) not asked of FastPix yet this
        session (a refresh must not cost one request per media again); replaces a run in
        progress, whose media not reached yet are in `media` again.

        Whether FastPix's media list carries the AI fields is not known (the sandbox serves
        both forms): when any row has one, the list is that form and the rows are read as they
        are; else each media is asked for."""
        if not media or self._client is None:
            return  # (a list emptied for a moment does not stop a run in progress)
        if self._job is not None:
            self.cancel(quiet=True)
        # Which media are still to gather is worked out in the job (the rows are copied here,
        # not walked): over 50,000 rows it held the main thread ~20 ms when the listing
        # finished (issue 15). The rows' JSON is read in the job too: decoding 10,000 media
        # here stalled the window for seconds and held every decoded row at once (records keep
        # their JSON as bytes).
        client, store, workspace = self._client, self._store, self._workspace
        self._job = self._pool.run(
            _index_not_asked_yet, client, store, workspace, media[:], frozenset(self._fetched), pass_token=True,
            owner=self, key=(id(self), "index"), on_progress=self._on_progress, on_done=self._on_done,
            on_error=self._on_error)

    def cancel(self, *, quiet: bool = False) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.cancel()
            if not quiet:
                self.finished.emit("Stopped gathering AI insights for search; what was gathered stays searchable.")

    def _on_progress(self, report: tuple[int, int, list[SearchText], list[str]]) -> None:
        done, total, entries, fetched = report
        self._fetched.update(fetched)
        grew = False
        for entry in entries:
            if self._entries.get(entry.media_id) != entry:
                self._keep(entry)
                grew = True
        self.progress.emit(done, total)
        if grew:
            freeze_if_large(len(self._entries))  # they live for the session: no full collection walks them again
            self.changed.emit()

    def _keep(self, entry: SearchText) -> None:
        self._entries[entry.media_id] = entry
        if entry.empty:
            self._searchable.pop(entry.media_id, None)
        else:
            self._searchable[entry.media_id] = entry

    def _on_done(self, note: str | None) -> None:
        self._job = None
        if note is not None:  # None: every media had been asked already, nothing was done
            self.finished.emit(note)

    def _on_error(self, error: BaseException) -> None:
        self._job = None
        self.finished.emit(f"Could not gather AI insights for search: {describe_failure(error)}")


def _entry(raw: Any) -> SearchText | None:
    parsed = read_items(parse_media, [raw], "media")[0]
    return SearchText.of(parse_insights(parsed)) if isinstance(parsed, Media) else None


def _has_ai_fields(media: Media) -> bool:
    pause_point()  # decodes the record's JSON: thousands of them on a worker (api.step_aside)
    raw = media.raw
    return any(key in raw for key in AI_FIELDS)


def _index_not_asked_yet(client: Any, store: OfflineStore | None, workspace: str, media: list[Media],
                         fetched: frozenset[str], *, cancel: Any, progress: Callable[[Any], None]) -> str | None:
    """Worker thread: gather the insights of those of `media` not in `fetched` (asked of FastPix
    this session already); None when there are none."""
    todo = [m for m in dict((m.id, m) for m in media).values() if m.id not in fetched]
    if not todo:
        return None
    progress((0, len(todo), [], []))
    return _index(client, store, workspace, todo, media, cancel=cancel, progress=progress)


def _index(client: Any, store: OfflineStore | None, workspace: str, todo: list[Media], listed_rows: list[Media], *,
           cancel: Any, progress: Callable[[Any], None]) -> str:
    """Worker thread: the list's own rows when they carry the AI fields (any of `listed_rows`
    has one); else the kept copies first, then fresh ones. Returns the closing note."""
    ids = [m.id for m in todo]
    total = len(ids)
    if any(_has_ai_fields(m) for m in listed_rows):
        found = 0
        for start in range(0, total, LISTED_BATCH):  # already parsed: no second parse
            if cancel.cancelled:
                raise Cancelled()
            entries = [SearchText.of(parse_insights(m)) for m in todo[start : start + LISTED_BATCH]]
            found += sum(not entry.empty for entry in entries)
            done = min(total, start + LISTED_BATCH)
            progress((done, total, entries, ids[start:done]))
        return f"{GATHERED}: {found} of {total} media have a summary, chapters or named entities."
    if store is not None:
        kept = []
        for media_id in ids:
            if cancel.cancelled:
                raise Cancelled()
            cached = store.load_details(workspace, "media", media_id)
            entry = _entry(cached.raw) if cached is not None else None
            if entry is not None:
                kept.append(entry)
        if kept:
            progress((0, total, kept, []))
    batch: list[SearchText] = []
    raws: list[tuple[str, Any]] = []
    fetched: list[str] = []
    found = 0
    for done, media_id in enumerate(ids, 1):
        try:
            media = client.get_media(media_id, cancel=cancel)
        except (NetworkError, ServerError, RateLimitedError) as problem:
            # FastPix unreachable or struggling: stop here rather than ask for every media.
            progress((done - 1, total, batch, fetched))
            if isinstance(problem, NetworkError):
                return ("FastPix cannot be reached: searching the AI insights saved earlier "
                        f"({done - 1} of {total} media refreshed).")
            return f"Stopped gathering AI insights for search: {describe_failure(problem)}"
        except Cancelled:
            raise
        except Exception as problem:  # one unreadable or deleted media must not end the whole run
            log.info("insights of media %s not gathered: %s", media_id, type(problem).__name__)
            fetched.append(media_id)
            continue
        entry = SearchText.of(parse_insights(media))
        found += not entry.empty
        batch.append(entry)
        fetched.append(media_id)
        raws.append((media.id, media.raw))
        if len(batch) >= BATCH or done == total:
            if store is not None:
                store.save_details(workspace, "media", raws)
            progress((done, total, batch, fetched))
            batch, raws, fetched = [], [], []
    if fetched:  # the last media could not be read: what came before it is still to report
        if store is not None and raws:
            store.save_details(workspace, "media", raws)
        progress((total, total, batch, fetched))
    return f"{GATHERED}: {found} of {total} media have a summary, chapters or named entities."
