"""The one background-job helper: a bounded pool whose results come back on the Qt main thread.

Every blocking call the UI needs (HTTP, JSON parsing, file I/O) goes through
`WorkerPool.run`. The pool has a fixed number of `QThread`s (no thread per
request, no nested pools); results, errors and progress are delivered through
queued signals, so callbacks run on the main thread where touching widgets is
allowed.

Stale results: jobs started with the same `key` supersede each other; only the
newest one's result is delivered (older ones are cancelled and their late
answers dropped). Jobs tied to an `owner` QObject are dropped once the owner is
deleted. After `shutdown()` every late result is a no-op.

Daemon semantics on QThreads: a request stuck in the network must not keep the
process alive after the window closed, and Qt aborts the process ("QThread:
Destroyed while thread is still running") if a running QThread's C++ object is
deleted. PySide deletes every Python-owned QObject when the application goes
away, however many references Python holds, so each worker thread is parented
to the main thread's own QThread object: C++ owns it, nothing deletes it while
it runs, and a thread still stuck in I/O at exit simply ends with the process.
A thread that finishes deletes itself later on the main thread.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

# One cancellation vocabulary for the whole app: the API layer's. Jobs hand the token
# straight to API calls; `Cancelled` (raised by them or by the job) ends a job silently.
from fastpix_viewer.api.cancel import CancelToken, raise_if_cancelled
from fastpix_viewer.api.errors import Cancelled
from fastpix_viewer.api.step_aside import foreground

__all__ = ["CancelToken", "Cancelled", "Job", "WorkerPool", "assert_not_main_thread", "is_main_thread",
           "raise_if_cancelled"]

log = logging.getLogger(__name__)

DEFAULT_MAX_THREADS = 4


@dataclass(eq=False)
class Job:
    """Handle returned by `WorkerPool.run`."""

    id: int
    key: Any
    token: CancelToken
    owner: QObject | None
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[Any], None] | None
    fn: Callable[..., Any] = field(repr=False)
    args: tuple = field(repr=False, default=())
    kwargs: dict = field(repr=False, default_factory=dict)
    finish_at_shutdown: bool = False

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled


_STOP = object()


def is_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def assert_not_main_thread(*_args: Any, **_kwargs: Any) -> None:
    """Fails when called on the Qt main thread.

    Usable as an httpx event hook in tests:
    `httpx.Client(event_hooks={"request": [assert_not_main_thread]})`.
    """
    if is_main_thread():
        raise AssertionError("blocking I/O started on the Qt main thread")


class _Dispatcher(QObject):
    """Lives on the main thread; the queued signal hops results onto it."""

    finished = Signal(object, bool, object)  # job, ok, result-or-exception
    progressed = Signal(object, object)  # job, progress value


class _WorkerThread(QThread):
    """One pool thread: runs the pool's job loop until it is told to stop."""

    def __init__(self, loop: Callable[[], None], name: str, parent: QObject) -> None:
        super().__init__(parent)
        self._loop = loop
        self.setObjectName(name)

    def run(self) -> None:
        self._loop()


class WorkerPool(QObject):
    """Bounded pool of worker threads with main-thread delivery (create it on the main thread)."""

    def __init__(self, max_threads: int = DEFAULT_MAX_THREADS, parent: QObject | None = None):
        super().__init__(parent)
        if max_threads < 1:
            raise ValueError("max_threads must be at least 1")
        self._max_threads = max_threads
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._threads: list[QThread] = []  # C++-owned (see the module docstring); never touched after start
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._latest_by_key: dict[Any, int] = {}
        self._pending: dict[int, Job] = {}  # queued or running, not yet delivered
        self._running = 0
        self._must_finish = 0  # jobs started with finish_at_shutdown, not finished yet
        self._idle = threading.Condition(self._lock)
        self._closed = False
        self._home_thread = self.thread()  # the main thread's QThread object
        self._dispatcher = _Dispatcher()
        self._dispatcher.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._dispatcher.progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)

    # -- public API ---------------------------------------------------------

    @property
    def max_threads(self) -> int:
        return self._max_threads

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        owner: QObject | None = None,
        key: Any = None,
        pass_token: bool = False,
        finish_at_shutdown: bool = False,
        **kwargs: Any,
    ) -> Job:
        """Run `fn(*args, **kwargs)` on a worker thread.

        on_done(result) / on_error(exception) run later on the main thread, unless
        the job was cancelled, superseded by a newer job with the same `key`, its
        `owner` was deleted, or the pool shut down. With `pass_token=True` the
        job also receives `cancel=<CancelToken>` (the API calls' own keyword, so
        it can hand the token straight on). With `on_progress` the job receives
        `progress=<callable>`: each value it reports reaches on_progress(value)
        on the main thread, in order, under the same drop rules.

        `finish_at_shutdown`: the job runs even when the pool shuts down before it started,
        and `shutdown` waits for it too (releasing a native resource, e.g. a libVLC player
        that would otherwise still run when the process exits). Its results are dropped as
        usual. Asked of a pool already shut down, it runs at once on the calling thread.
        """
        token = CancelToken()
        job = Job(next(self._ids), key, token, owner, on_done, on_error, on_progress, fn, args, kwargs,
                  finish_at_shutdown)
        if pass_token:
            kwargs["cancel"] = token
        if on_progress is not None:
            kwargs["progress"] = lambda value: self._report_progress(job, value)
        with self._lock:
            closed = self._closed
            if not closed:
                if finish_at_shutdown:
                    self._must_finish += 1
                if key is not None:
                    previous = self._latest_by_key.get(key)
                    if previous is not None and previous in self._pending:
                        self._pending[previous].token.cancel()
                    self._latest_by_key[key] = job.id
                self._pending[job.id] = job
                self._ensure_thread()
        if closed:
            token.cancel()
            if finish_at_shutdown:
                fn(*args, **kwargs)
            return job
        self._queue.put(job)
        return job

    def cancel_key(self, key: Any) -> None:
        """Drop whatever is outstanding for `key` (e.g. the user left the selection)."""
        with self._lock:
            latest = self._latest_by_key.pop(key, None)
            job = self._pending.get(latest) if latest is not None else None
        if job is not None:
            job.cancel()

    def cancel_owner(self, owner: QObject) -> None:
        with self._lock:
            jobs = [j for j in self._pending.values() if j.owner is owner]
        for job in jobs:
            job.cancel()

    def pending_count(self) -> int:
        """Jobs queued or running whose result has not been delivered yet."""
        with self._lock:
            return len(self._pending)

    def running_count(self) -> int:
        with self._lock:
            return self._running

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Cancel everything, wait up to `timeout` s for running jobs; True if all stopped.

        Idempotent. Late results after this are dropped, and jobs still stuck
        in I/O are abandoned on their daemon threads.
        """
        with self._lock:
            first = not self._closed
            self._closed = True
            for job in self._pending.values():
                if not job.finish_at_shutdown:
                    job.token.cancel()
            self._latest_by_key.clear()
            threads = list(self._threads)
        if first:
            for _ in threads:
                self._queue.put(_STOP)
        with self._idle:
            stopped = self._idle.wait_for(lambda: self._running == 0 and self._must_finish == 0, timeout)
        if not stopped:
            log.warning("worker pool: %d job(s) still running at shutdown", max(self._running, self._must_finish))
        return stopped

    # -- worker side --------------------------------------------------------

    def _ensure_thread(self) -> None:
        # Called with the lock held: one more thread only when none is idle.
        idle = len(self._threads) - self._running - self._queue.qsize()
        if len(self._threads) < self._max_threads and idle <= 0:
            # Parented to the main thread's QThread object (not to this pool): C++ owns it, so
            # neither Python's garbage collector nor PySide's exit clean-up can delete it while
            # a job is stuck in I/O. Once its loop ends it deletes itself on the main thread.
            thread = _WorkerThread(self._work, f"fpv-worker-{len(self._threads) + 1}", self._home_thread)
            thread.finished.connect(thread.deleteLater)
            self._threads.append(thread)
            thread.start()

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is _STOP or not self._run_one(job):
                return
            # Not kept while this thread waits for the next job: an idle thread held its last
            # job (the closure, e.g. a retired libVLC player) alive until then.
            job = None

    def _run_one(self, job: Job) -> bool:
        """Run `job` and send its outcome to the main thread; False once the application is gone."""
        with self._lock:
            if job.token.cancelled or (self._closed and not job.finish_at_shutdown):
                self._pending.pop(job.id, None)
                if job.finish_at_shutdown:
                    self._must_finish -= 1
                    self._idle.notify_all()
                return True
            self._running += 1
        try:
            ok, value = True, job.fn(*job.args, **job.kwargs)
        except Cancelled:
            ok, value = False, None
            job.token.cancel()
        except BaseException as exc:
            # Whatever a job raises once cancelled (e.g. a connection closed
            # under it) is the cancellation, not a failure: dropped below.
            ok, value = False, exc
        finally:
            with self._idle:
                self._running -= 1
                if job.finish_at_shutdown:
                    self._must_finish -= 1
                self._idle.notify_all()
        if self._closed or job.token.cancelled:
            with self._lock:
                self._pending.pop(job.id, None)
            return True
        try:
            self._dispatcher.finished.emit(job, ok, value)
        except RuntimeError:  # dispatcher gone with the application
            return False
        return True

    def _report_progress(self, job: Job, value: Any) -> None:
        if self._closed or job.token.cancelled:
            return
        try:
            self._dispatcher.progressed.emit(job, value)
        except RuntimeError:  # dispatcher gone with the application
            pass

    # -- main-thread side ---------------------------------------------------

    def _dropped(self, job: Job) -> bool:
        """True when nobody may hear from `job` any more (cancelled, superseded, owner gone)."""
        if self._closed or job.token.cancelled:
            return True
        if job.key is not None and self._latest_by_key.get(job.key) != job.id:
            return True
        return job.owner is not None and not shiboken6.isValid(job.owner)

    @Slot(object, object)
    def _deliver_progress(self, job: Job, value: Any) -> None:
        with self._lock:
            dropped = job.id not in self._pending or self._dropped(job)
        if not dropped and job.on_progress is not None:
            job.on_progress(value)

    @Slot(object, bool, object)
    def _deliver(self, job: Job, ok: bool, value: Any) -> None:
        with self._lock:
            self._pending.pop(job.id, None)
            superseded = job.key is not None and self._latest_by_key.get(job.key) != job.id
            if not superseded and job.key is not None:
                del self._latest_by_key[job.key]
        if self._closed or job.token.cancelled or superseded:
            return
        if job.owner is not None and not shiboken6.isValid(job.owner):
            return
        # A result's handler calls into Python and Qt a great deal (rows joining a model,
        # Details filling in): busy workers pause meanwhile (api.step_aside).
        with foreground():
            self._call_back(job, ok, value)

    @staticmethod
    def _call_back(job: Job, ok: bool, value: Any) -> None:
        if ok:
            if job.on_done is not None:
                job.on_done(value)
        elif job.on_error is not None:
            job.on_error(value)
        else:
            log.error("background job %s failed", getattr(job.fn, "__qualname__", job.fn),
                      exc_info=(type(value), value, value.__traceback__))
