"""Downloads of a media's MP4 or audio file: safe names, no silent overwrite, cancel and resume.

`DownloadManager` owns the download list (plain `DownloadTask`s) and runs each download as
one long job in the one `WorkerPool` (at most `MAX_ACTIVE` at a time, the rest wait), through
`api.download.download_url`: bytes go to `<file>.part`, a later run continues it with an HTTP
Range request, and the file gets its name only when complete. Progress comes back from the
worker through a queued signal, throttled to about ten updates a second; speed and time left
are worked out on the main thread.

Cancel leaves the `.part` (Resume continues it). The destination comes from the media's name
(`api.file_names.media_filename`, the display-name rule) in the remembered download folder; an existing file is never replaced without
asking (Replace / Keep both / Cancel); a folder that no longer exists is offered to be made
again or replaced by another (missing_folder.py), and the download then starts.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.download import check_downloadable, discard_part, download_url, part_path
from fastpix_viewer.api.errors import PlaybackError
from fastpix_viewer.api.file_names import media_filename, safe_stem
from fastpix_viewer.api.models import Media, Mp4Rendition
from fastpix_viewer.api.playback import PlaybackPlan, choose_playback, m4a_url, mp4_url
from fastpix_viewer.ui.core.failure_text import describe_failure
from fastpix_viewer.ui.core.settings import UiSettings
from fastpix_viewer.ui.core.worker import Job, WorkerPool
from fastpix_viewer.ui.downloads.missing_folder import MissingFolder, ask_missing_folder

log = logging.getLogger(__name__)

MP4, AUDIO = "mp4", "audio"
EXTENSIONS = {MP4: "mp4", AUDIO: "m4a"}
FOLDER_KEY = "downloads/folder"
MAX_ACTIVE = 2
PROGRESS_INTERVAL = 0.1  # s between progress signals (about 10 Hz)
SPEED_WINDOW = 3.0  # s of samples behind the speed figure


# ---------------------------------------------------------------------- names and renditions


def numbered(destination: Path, n: int) -> Path:
    return destination.with_name(f"{destination.stem} ({n}){destination.suffix}")


def ready_rendition(item: Any, kind: str) -> Mp4Rendition | None:
    """The rendition a download of `kind` would fetch, if it is (or may be) ready; the legacy
    string form of mp4Support has no status, so it counts as ready (the download finds out)."""
    if not isinstance(item, Media) or item.is_failed or item.still_processing:
        return None
    for rendition in item.mp4_renditions:
        if rendition.is_audio == (kind == AUDIO) and rendition.maybe_ready:
            return rendition
    return None


def download_url_for(client: Any, media: Media, kind: str) -> str:
    """The file's URL, signed when the playback ID is private (worker thread: signing is work)."""
    check_downloadable(media)
    if ready_rendition(media, kind) is None:
        raise PlaybackError("FastPix has no ready file of this kind for this media.")
    plan = choose_playback(media, endpoints=client.endpoints, signing=client.signing_key, ttl=client.token_ttl)
    if not isinstance(plan, PlaybackPlan):
        raise PlaybackError(getattr(plan, "message", "This media cannot be downloaded."))
    build = m4a_url if kind == AUDIO else mp4_url
    return build(client.endpoints, plan.playback_id, token=plan.token)


def default_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    return Path(location) if location else Path.home()


# ---------------------------------------------------------------------- tasks


QUEUED, RUNNING, CANCELLED, FAILED, DONE = "queued", "running", "cancelled", "failed", "done"


@dataclass(eq=False)
class DownloadTask:
    id: int
    media: Media = field(repr=False)
    kind: str
    destination: Path
    state: str = QUEUED
    done: int = 0
    total: int | None = None
    error: str = ""
    fresh_start: bool = False  # Replace: drop a stale .part before downloading
    job: Job | None = field(default=None, repr=False)
    samples: list[tuple[float, int]] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return self.destination.name

    @property
    def active(self) -> bool:
        return self.state in (QUEUED, RUNNING)

    @property
    def speed(self) -> float | None:
        """Bytes per second over the last few seconds, None until there are two samples."""
        if len(self.samples) < 2:
            return None
        (t0, b0), (t1, b1) = self.samples[0], self.samples[-1]
        return (b1 - b0) / (t1 - t0) if t1 > t0 else None

    @property
    def eta(self) -> float | None:
        speed = self.speed
        if self.total is None or not speed or speed <= 0:
            return None
        return max(0.0, (self.total - self.done) / speed)


class _Progress(QObject):
    # Emitted on worker threads; the connection to the main-thread manager is queued.
    changed = Signal(int, object, object)  # task id, bytes done, total bytes or None


class DownloadManager(QObject):
    """The download list and its jobs (see the module docstring)."""

    taskAdded = Signal(object)  # DownloadTask
    taskChanged = Signal(object)  # DownloadTask
    runningChanged = Signal(int)  # downloads queued or running

    def __init__(self, pool: WorkerPool, client: Any, settings: UiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._client = client
        self._settings = settings
        self._dialog_parent = parent
        self._ids = itertools.count(1)
        self.tasks: list[DownloadTask] = []
        self._locks: dict[Path, threading.Lock] = {}
        self._progress = _Progress()
        self._progress.changed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.overwrite_dialog: QMessageBox | None = None
        self.missing_folder: MissingFolder | None = None

    # ------------------------------------------------------------------ folder

    def folder(self) -> Path:
        saved = self._settings.str_value(FOLDER_KEY)
        return Path(saved) if saved else default_folder()

    def set_folder(self, folder: Path) -> None:
        self._settings.set_str(FOLDER_KEY, str(folder))
        self._settings.sync()

    # ------------------------------------------------------------------ starting

    def request(self, media: Media, kind: str, *, stem: str | None = None,
                keep_both: bool = False) -> DownloadTask | None:
        """Start downloading `media` (asks first when the file exists); the task, or None
        when it waits for the overwrite question or cannot start. `stem`: the file name
        without extension (default: the media's name); `keep_both`: a taken name gets a
        number instead of a question (downloads of several media at once)."""
        if ready_rendition(media, kind) is None or self._client is None:
            return None
        folder = self.folder()
        if not folder.is_dir():
            if self.missing_folder is not None and self.missing_folder.box is not None:
                self.missing_folder.box.raise_()  # already asking about it
                return None
            # Nothing is lost: the download starts once the folder exists or another is chosen.
            self.missing_folder = ask_missing_folder(
                self._dialog_parent, folder, self.set_folder,
                lambda: self._after_folder(lambda: self.request(media, kind, stem=stem, keep_both=keep_both)))
            return None
        name = f"{stem}.{EXTENSIONS[kind]}" if stem else media_filename(media, EXTENSIONS[kind])
        destination = folder / name
        if destination.exists() or self._claimed(destination) or (keep_both and part_path(destination).exists()):
            if keep_both:
                return self._add(media, kind, self._free_name(destination))
            self._ask_overwrite(media, kind, destination)
            return None
        return self._add(media, kind, destination)

    def request_many(self, items: list[tuple[Media, str]], kind: str) -> list[DownloadTask] | None:
        """Download several media, each under its (stem) name, never replacing a file; None
        while the missing-folder question is open (they start after it)."""
        folder = self.folder()
        if not folder.is_dir():
            if self.missing_folder is None or self.missing_folder.box is None:
                self.missing_folder = ask_missing_folder(
                    self._dialog_parent, folder, self.set_folder,
                    lambda: self._after_folder(lambda: self.request_many(items, kind)))
            return None
        started = [self.request(media, kind, stem=stem, keep_both=True) for media, stem in items]
        return [task for task in started if task is not None]

    def _after_folder(self, start: Any) -> None:
        """The missing folder was created or another one chosen: the asked download starts."""
        self.missing_folder = None
        start()

    def _claimed(self, destination: Path) -> bool:
        return any(t.destination == destination and t.active for t in self.tasks)

    def _free_name(self, destination: Path) -> Path:
        n = 2
        while True:
            candidate = numbered(destination, n)
            if not (candidate.exists() or part_path(candidate).exists() or self._claimed(candidate)):
                return candidate
            n += 1

    def _ask_overwrite(self, media: Media, kind: str, destination: Path) -> None:
        if self.overwrite_dialog is not None:
            self.overwrite_dialog.close()
        other = self._free_name(destination)
        box = QMessageBox(QMessageBox.Icon.Question, "File exists", "", QMessageBox.StandardButton.NoButton,
                          self._dialog_parent)
        box.setObjectName("overwriteDialog")
        box.setTextFormat(Qt.TextFormat.PlainText)
        in_use = self._claimed(destination)
        box.setText(
            f"“{destination.name}” {'is being downloaded' if in_use else 'already exists'} in "
            f"{destination.parent}.\n\nReplace it, keep both (the new one is saved as “{other.name}”), or cancel?"
        )
        replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
        replace.setObjectName("overwriteReplaceButton")
        replace.setEnabled(not in_use)  # a file still being written cannot be replaced
        keep = box.addButton("Keep both", QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("overwriteKeepBothButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel.setObjectName("overwriteCancelButton")
        box.setDefaultButton(keep)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: Any) -> None:
            self.overwrite_dialog = None
            if button is replace:
                self._add(media, kind, destination, fresh_start=True)
            elif button is keep:
                self._add(media, kind, self._free_name(destination))

        box.buttonClicked.connect(answered)
        self.overwrite_dialog = box
        box.open()

    def _add(self, media: Media, kind: str, destination: Path, *, fresh_start: bool = False) -> DownloadTask:
        task = DownloadTask(next(self._ids), media, kind, destination, fresh_start=fresh_start)
        self.tasks.append(task)
        self.taskAdded.emit(task)
        self._pump()
        return task

    # ------------------------------------------------------------------ control

    def cancel(self, task: DownloadTask) -> None:
        """Stop it; the `.part` stays for Resume."""
        if not task.active:
            return
        if task.job is not None:
            task.job.cancel()
            task.job = None
        task.state = CANCELLED
        task.samples.clear()
        self.taskChanged.emit(task)
        self._pump()

    def resume(self, task: DownloadTask) -> None:
        """Continue a cancelled or failed download from its `.part` (HTTP Range)."""
        if task.state not in (CANCELLED, FAILED):
            return
        task.state, task.error = QUEUED, ""
        task.fresh_start = False
        self.taskChanged.emit(task)
        self._pump()

    def cancel_all(self) -> None:
        for task in list(self.tasks):
            self.cancel(task)

    def active_count(self) -> int:
        return sum(1 for t in self.tasks if t.active)

    def task(self, task_id: int) -> DownloadTask | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    # ------------------------------------------------------------------ jobs

    def _pump(self) -> None:
        running = sum(1 for t in self.tasks if t.state == RUNNING)
        for task in self.tasks:
            if running >= MAX_ACTIVE:
                break
            if task.state == QUEUED:
                self._run(task)
                running += 1
        self.runningChanged.emit(self.active_count())

    def _run(self, task: DownloadTask) -> None:
        client, media, kind = self._client, task.media, task.kind
        destination, fresh = task.destination, task.fresh_start
        lock = self._locks.setdefault(destination, threading.Lock())
        signal = self._progress.changed
        task_id = task.id

        def download(*, cancel: CancelLike) -> Path:
            url = download_url_for(client, media, kind)
            last = [0.0]

            def progress(done: int, total: int | None) -> None:
                now = time.monotonic()
                if now - last[0] >= PROGRESS_INTERVAL or (total is not None and done >= total):
                    last[0] = now
                    signal.emit(task_id, done, total)

            # A cancelled job may still be closing the .part: the next one waits for it here,
            # on its worker thread, so two never write the same file.
            with lock:
                if fresh:
                    discard_part(destination)
                return download_url(client.transport, url, destination, progress=progress, cancel=cancel)

        task.state = RUNNING
        task.samples.clear()
        task.job = self._pool.run(
            download, on_done=lambda path: self._on_done(task, path),
            on_error=lambda exc: self._on_failed(task, exc),
            owner=self, key=("download", task.id), pass_token=True,
        )
        self.taskChanged.emit(task)

    def _on_progress(self, task_id: int, done: int, total: int | None) -> None:
        task = self.task(task_id)
        if task is None or task.state != RUNNING:
            return
        now = time.monotonic()
        task.done, task.total = int(done), total
        task.samples.append((now, task.done))
        while len(task.samples) > 2 and now - task.samples[0][0] > SPEED_WINDOW:
            task.samples.pop(0)
        self.taskChanged.emit(task)

    def _on_done(self, task: DownloadTask, path: Path) -> None:
        task.job = None
        task.state, task.destination = DONE, Path(path)
        if task.total is not None:
            task.done = task.total  # the last throttled progress may lag the end
        else:
            task.total = task.done
        self.taskChanged.emit(task)
        self._pump()

    def _on_failed(self, task: DownloadTask, exc: BaseException) -> None:
        task.job = None
        task.state, task.error = FAILED, describe_failure(exc)
        log.info("download of %s failed: %s", task.name, task.error)
        self.taskChanged.emit(task)
        self._pump()

    def shutdown(self) -> None:
        """Cancel every download (the `.part` files stay) without waiting for anything."""
        for task in self.tasks:
            if task.job is not None:
                task.job.cancel()
        self._pool.cancel_owner(self)


__all__ = ["AUDIO", "MP4", "DownloadManager", "DownloadTask", "ready_rendition", "safe_stem"]
