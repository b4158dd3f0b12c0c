"""A synchronous stand-in for `WorkerPool` in UI-logic unit tests (like Picard's FakeThreadPool).

`FakePool()` runs each job inline inside `run()` and calls on_done / on_error / on_progress
before `run()` returns, so a test reads top to bottom with no waiting (jobs started from a
callback run after it, not inside it). `FakePool(hold=True)` keeps jobs queued until the test
finishes them, in any order it likes (`finish(job)`, `run_next()`, `run_all()`): that is how
a test makes page 3 answer before page 2. Code that keeps the handle `run()` returns and
expects no answer before that (the paged loader) needs hold=True, as the real pool never
answers before `run()` returns.

It keeps the real pool's rules: a newer job with the same `key` supersedes an older one (the
older one's answers are dropped), `cancel_key` / `cancel_owner` / `job.cancel()` drop answers,
a deleted `owner` hears nothing, `Cancelled` ends a job silently, nothing is delivered after
`shutdown()`, and `pass_token=True` / `on_progress=` hand the job `cancel=` / `progress=`.
A job failure with no `on_error` is raised into the test instead of only being logged.
It is not a thread pool: use the real `WorkerPool` where threading itself is under test.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from fastpix_viewer.api.cancel import CancelToken
from fastpix_viewer.api.errors import Cancelled
from fastpix_viewer.ui.core.worker import Job


class FakePool:
    """Drop-in for `WorkerPool` (same `run` signature and bookkeeping methods)."""

    def __init__(self, *, hold: bool = False, max_threads: int = 4) -> None:
        self.hold = hold
        self.max_threads = max_threads
        self.queued: list[Job] = []  # held jobs not run yet (hold=True)
        self.ran: list[Job] = []  # every job that actually ran, in order
        self._ids = itertools.count(1)
        self._latest_by_key: dict[Any, int] = {}
        self._closed = False
        self._draining = False

    # -- the WorkerPool surface -------------------------------------------------------

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
        **kwargs: Any,
    ) -> Job:
        token = CancelToken()
        job = Job(next(self._ids), key, token, owner, on_done, on_error, on_progress, fn, args, kwargs)
        if pass_token:
            kwargs["cancel"] = token
        if on_progress is not None:
            kwargs["progress"] = lambda value: self._deliver(job, on_progress, value)
        if self._closed:
            token.cancel()
            return job
        if key is not None:
            previous = self._latest_by_key.get(key)
            for older in self.queued:
                if older.id == previous:
                    older.cancel()
            self._latest_by_key[key] = job.id
        self.queued.append(job)
        if not self.hold and not self._draining:
            self._draining = True
            try:
                self.run_all()  # this job, then whatever its callbacks started
            finally:
                self._draining = False
        return job

    def cancel_key(self, key: Any) -> None:
        latest = self._latest_by_key.pop(key, None)
        for job in self.queued:
            if job.id == latest:
                job.cancel()

    def cancel_owner(self, owner: QObject) -> None:
        for job in self.queued:
            if job.owner is owner:
                job.cancel()

    def pending_count(self) -> int:
        return sum(1 for job in self.queued if not job.cancelled)

    def running_count(self) -> int:
        return 0  # nothing runs between the test's own steps

    def shutdown(self, timeout: float = 1.0) -> bool:
        self._closed = True
        for job in self.queued:
            job.cancel()
        self.queued.clear()
        self._latest_by_key.clear()
        return True

    # -- test controls (hold=True) ------------------------------------------------------

    def finish(self, job: Job) -> None:
        """Run `job` now and deliver its answer (a cancelled job is just dropped)."""
        self.queued.remove(job)
        if job.cancelled or self._closed:
            return
        self.ran.append(job)
        try:
            ok, value = True, job.fn(*job.args, **job.kwargs)
        except Cancelled:
            job.cancel()
            return
        except Exception as exc:  # handed to on_error, like the real pool
            ok, value = False, exc
        if ok:
            self._deliver(job, job.on_done, value)
        elif job.on_error is not None:
            self._deliver(job, job.on_error, value)
        elif not self._dropped(job):
            raise value
        if job.key is not None and self._latest_by_key.get(job.key) == job.id:
            del self._latest_by_key[job.key]

    def run_next(self) -> Job:
        """Finish the oldest queued job (cancelled ones included: they are dropped)."""
        job = self.queued[0]
        self.finish(job)
        return job

    def run_all(self) -> None:
        """Finish queued jobs, oldest first, including the ones their answers queue."""
        while self.queued:
            self.run_next()

    # -- the real pool's drop rules ------------------------------------------------------

    def _dropped(self, job: Job) -> bool:
        if self._closed or job.cancelled:
            return True
        if job.key is not None and self._latest_by_key.get(job.key) != job.id:
            return True
        return job.owner is not None and not shiboken6.isValid(job.owner)

    def _deliver(self, job: Job, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback is not None and not self._dropped(job):
            callback(value)
