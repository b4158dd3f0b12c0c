"""Generating a media's AI features and following them until FastPix has finished, on the pool.

One pool job per (media, feature): the PATCH, then polling the media (bounded, cancellable)
with each status passed back as progress; the fresh media comes back when the feature is
ready or failed. A plan without AI features refuses at the PATCH: that is `refused`, once,
with FastPix's plain sentence. Nothing here blocks the main thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from fastpix_viewer.api.insights import (
    FeatureUnavailableError,
    Insight,
    InsightKind,
    InsightStatus,
    SubtitleJob,
    SubtitleState,
)
from fastpix_viewer.api.models import Media
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.worker import WorkerPool


class InsightJobs(QObject):
    """`progress(media_id, kind, insight)` while FastPix prepares; `finished(media, kind,
    insight)` with the fresh media when it is ready or failed; `refused(text)` when the plan
    lacks AI features; `failed(media_id, kind, text)` when the request itself failed."""

    progress = Signal(str, object, object)
    finished = Signal(object, object, object)
    refused = Signal(str)
    failed = Signal(str, object, str)
    subtitlesProgress = Signal(str, object)  # media ID, SubtitleJob (FastPix accepted it)
    subtitlesFinished = Signal(object, object, object)  # fresh Media, SubtitleJob, SubtitleState

    def __init__(self, pool: WorkerPool, client: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._client = client
        self._running: set[tuple[str, InsightKind]] = set()
        self.interval = 2.0  # seconds between polls (FastPix takes minutes; tests shorten it)
        self.timeout = 900.0

    def running(self, media_id: str | None) -> set[InsightKind]:
        """The features being generated for `media_id` now."""
        return {kind for mid, kind in self._running if mid == media_id}

    def generate(self, media_id: str, kind: InsightKind, **options: Any) -> None:
        client, interval, timeout = self._client, self.interval, self.timeout
        if client is None or (media_id, kind) in self._running:
            return

        def job(*, cancel: Any, progress: Any) -> tuple[Media, Insight]:
            client.request_insight(media_id, kind, **options)
            progress(Insight(kind, InsightStatus.PREPARING))
            insight = client.wait_for_insight(media_id, kind, interval=interval, timeout=timeout,
                                              cancel=cancel, on_update=progress)
            return client.get_media(media_id, cancel=cancel), insight

        self._running.add((media_id, kind))
        self._pool.run(
            job, pass_token=True, owner=self, key=("insight", media_id, kind),
            on_progress=lambda insight: self.progress.emit(media_id, kind, insight),
            on_done=lambda result: self._done(media_id, kind, result),
            on_error=lambda error: self._failed(media_id, kind, error),
        )

    def generate_subtitles(self, media_id: str, audio_track_id: str, code: str, name: str) -> None:
        """Ask for subtitles in language `code` from an audio track, and follow them until ready."""
        client, interval, timeout = self._client, self.interval, self.timeout
        if client is None:
            return

        def job(*, cancel: Any, progress: Any) -> tuple[Media, SubtitleJob, SubtitleState]:
            asked = client.generate_subtitles(media_id, audio_track_id, code, name)
            progress(asked)
            media, state = client.wait_for_subtitles(media_id, asked, interval=interval, timeout=timeout,
                                                     cancel=cancel)
            return media, asked, state

        self._pool.run(
            job, pass_token=True, owner=self, key=("subtitles", media_id, code),
            on_progress=lambda asked: self.subtitlesProgress.emit(media_id, asked),
            on_done=lambda result: self.subtitlesFinished.emit(*result),
            on_error=lambda error: self._failed(media_id, None, error),
        )

    def cancel_all(self) -> None:
        self._pool.cancel_owner(self)
        self._running.clear()

    def _done(self, media_id: str, kind: InsightKind, result: tuple[Media, Insight]) -> None:
        self._running.discard((media_id, kind))
        media, insight = result
        self.finished.emit(media, kind, insight)

    def _failed(self, media_id: str, kind: InsightKind | None, error: BaseException) -> None:
        """`kind` None: a subtitle request."""
        if kind is not None:
            self._running.discard((media_id, kind))
        if isinstance(error, FeatureUnavailableError):
            self.refused.emit(error.user_message)
        else:
            self.failed.emit(media_id, kind, describe_failure(error))
