"""WorkerPool: one bounded pool, results on the main thread, stale results dropped."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from PySide6.QtWidgets import QWidget

from fastpix_viewer.ui.core.worker import (
    Cancelled,
    WorkerPool,
    assert_not_main_thread,
    raise_if_cancelled,
)

MAIN = threading.main_thread().ident


@pytest.fixture
def pool(qtbot):
    p = WorkerPool(max_threads=3)
    yield p
    p.shutdown(timeout=2)


def test_result_arrives_on_the_main_thread(qtbot, pool):
    results = []
    job_threads = []

    def job(x):
        job_threads.append(threading.get_ident())
        return x * 2

    pool.run(job, 21, on_done=lambda r: results.append((r, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(results), timeout=3000)
    assert results == [(42, MAIN)]
    assert job_threads and job_threads[0] != MAIN
    assert pool.pending_count() == 0


def test_error_is_delivered_on_the_main_thread(qtbot, pool):
    errors = []

    def job():
        raise ValueError("boom 500")

    pool.run(job, on_done=lambda r: errors.append(("done", r)),
             on_error=lambda e: errors.append((e, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    (exc, thread), = errors
    assert isinstance(exc, ValueError) and str(exc) == "boom 500" and thread == MAIN


def test_unhandled_error_is_logged(qtbot, pool, caplog):
    pool.run(lambda: 1 / 0)
    qtbot.waitUntil(lambda: any("failed" in r.getMessage() for r in caplog.records), timeout=3000)
    record = next(r for r in caplog.records if "failed" in r.getMessage())
    assert record.exc_info and record.exc_info[0] is ZeroDivisionError


def test_stale_result_for_the_same_key_is_dropped(qtbot, pool):
    """Select A (slow), then B (fast): only B's details may be shown, even after A answers."""
    shown = []
    a_started = threading.Event()
    a_finished = threading.Event()

    def slow_a():
        a_started.set()
        time.sleep(0.4)  # latency on A: it does not look at its cancel token
        a_finished.set()
        return "A"

    pool.run(slow_a, key="details", on_done=shown.append)
    qtbot.waitUntil(a_started.is_set, timeout=3000)
    pool.run(lambda: "B", key="details", on_done=shown.append)
    qtbot.waitUntil(lambda: shown == ["B"], timeout=3000)
    qtbot.waitUntil(a_finished.is_set, timeout=3000)
    qtbot.wait(100)  # give A's late delivery a chance to (wrongly) arrive
    assert shown == ["B"]


def test_queued_superseded_job_never_runs(qtbot):
    pool = WorkerPool(max_threads=1)
    ran, shown = [], []
    gate = threading.Event()
    pool.run(gate.wait, 2)
    pool.run(lambda: ran.append("old"), key="k", on_done=shown.append)
    pool.run(lambda: ran.append("new") or "new", key="k", on_done=shown.append)
    gate.set()
    qtbot.waitUntil(lambda: shown == ["new"], timeout=3000)
    assert ran == ["new"]
    pool.shutdown()


def test_different_keys_do_not_interfere(qtbot, pool):
    shown = []
    pool.run(lambda: "list", key="list", on_done=shown.append)
    pool.run(lambda: "details", key="details", on_done=shown.append)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=3000)
    assert sorted(shown) == ["details", "list"]


def test_concurrency_is_bounded_and_threads_are_reused(qtbot, pool):
    lock = threading.Lock()
    state = {"now": 0, "max": 0}
    threads = set()
    done = []

    def job(i):
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        threads.add(threading.get_ident())
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        return i

    for i in range(12):
        pool.run(job, i, on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 12, timeout=5000)
    assert sorted(done) == list(range(12))
    assert state["max"] <= pool.max_threads
    assert len(threads) <= pool.max_threads  # no thread per request


def test_cancel_stops_a_running_job(qtbot, pool):
    started = threading.Event()
    stopped = threading.Event()
    delivered = []

    def long_job(cancel):
        started.set()
        while not cancel.wait(0.02):
            pass
        stopped.set()
        raise_if_cancelled(cancel)
        return "never delivered"

    job = pool.run(long_job, pass_token=True, on_done=delivered.append,
                   on_error=delivered.append)
    qtbot.waitUntil(started.is_set, timeout=3000)
    job.cancel()
    qtbot.waitUntil(stopped.is_set, timeout=3000)
    qtbot.wait(100)
    assert delivered == [] and job.cancelled
    qtbot.waitUntil(lambda: pool.pending_count() == 0, timeout=1000)


def test_cancel_key_drops_the_answer(qtbot, pool):
    delivered = []
    gate = threading.Event()
    pool.run(gate.wait, 2, key="media:1", on_done=delivered.append)
    pool.cancel_key("media:1")  # the user left the selection
    gate.set()
    qtbot.wait(200)
    assert delivered == []


def test_result_for_a_deleted_owner_is_dropped(qtbot, pool):
    owner = QWidget()
    delivered = []
    gate = threading.Event()
    pool.run(gate.wait, 2, owner=owner, on_done=delivered.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=2000)
    gate.set()
    qtbot.wait(200)
    assert delivered == []


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_job_raising_cancelled_ends_silently(qtbot, pool):
    delivered = []

    def job():
        raise Cancelled

    pool.run(job, on_done=delivered.append, on_error=delivered.append)
    qtbot.wait(200)
    assert delivered == []


def test_shutdown_waits_briefly_and_late_results_are_noops(qtbot):
    pool = WorkerPool(max_threads=1)  # the second job stays queued behind the first
    delivered = []
    release = threading.Event()
    pool.run(release.wait, 5, on_done=delivered.append)
    pool.run(lambda: "queued", on_done=delivered.append)
    qtbot.waitUntil(lambda: pool.running_count() >= 1, timeout=2000)
    assert pool.shutdown(timeout=0.1) is False  # one job still stuck in "I/O"
    release.set()
    qtbot.waitUntil(lambda: pool.running_count() == 0, timeout=2000)
    qtbot.wait(100)
    assert delivered == []
    assert pool.shutdown(timeout=0.1) is True  # idempotent
    late = pool.run(lambda: "after", on_done=delivered.append)
    assert late.cancelled
    qtbot.wait(100)
    assert delivered == []


def test_a_job_that_must_finish_runs_even_when_shutdown_comes_first(qtbot):
    """A libVLC player handed to the pool to be stopped must be stopped before the process
    exits, even when the pool was busy and shuts down first (the last window closed while a
    recording played); the shutdown waits for it, and its result is dropped as usual."""
    pool = WorkerPool(max_threads=1)
    busy = threading.Event()
    ran, delivered = [], []
    pool.run(busy.wait, 5)
    pool.run(lambda: ran.append("dropped"))
    pool.run(lambda: ran.append("released") or "released", on_done=delivered.append, finish_at_shutdown=True)
    qtbot.waitUntil(lambda: pool.running_count() == 1, timeout=2000)
    threading.Timer(0.2, busy.set).start()
    assert pool.shutdown(timeout=5) is True  # waited for the queued job that must finish...
    assert ran == ["released"]  # ...which ran, while the ordinary queued job did not
    qtbot.wait(100)
    assert delivered == []
    pool.run(lambda: ran.append("inline"), finish_at_shutdown=True)  # after shutdown: at once, here
    assert ran == ["released", "inline"]


def test_an_idle_thread_does_not_keep_its_last_job_alive(qtbot, pool):
    """A finished job's closure and result are let go once delivered: an idle worker used to
    hold its last job until the next one came (e.g. a retired libVLC player, a parsed page)."""
    import gc
    import weakref

    class Held:
        pass

    held, delivered = Held(), []
    alive = weakref.ref(held)
    pool.run(lambda h=held: [h], on_done=delivered.append)
    del held
    qtbot.waitUntil(lambda: len(delivered) == 1, timeout=3000)
    delivered.clear()
    qtbot.waitUntil(lambda: gc.collect() >= 0 and alive() is None, timeout=3000)


def test_assert_not_main_thread_guards_httpx(qtbot, pool):
    """The hook tests install on their httpx clients: a request on the main thread fails."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="ok"))
    client = httpx.Client(transport=transport, event_hooks={"request": [assert_not_main_thread]})
    with pytest.raises(AssertionError, match="main thread"):
        client.get("http://example.invalid/")
    results = []
    pool.run(lambda: client.get("http://example.invalid/").text, on_done=results.append)
    qtbot.waitUntil(lambda: results == ["ok"], timeout=3000)
    client.close()


def test_token_works_with_the_api_cancel_protocol(qtbot, pool):
    """Jobs hand the token to API calls, which raise their own Cancelled: dropped silently."""
    from fastpix_viewer.api.cancel import raise_if_cancelled

    started = threading.Event()
    delivered = []

    def api_like_job(cancel):
        started.set()
        while not cancel.wait(0.02):
            pass
        raise_if_cancelled(cancel)  # raises fastpix_viewer.api.errors.Cancelled

    job = pool.run(api_like_job, pass_token=True, on_done=delivered.append,
                   on_error=delivered.append)
    qtbot.waitUntil(started.is_set, timeout=3000)
    job.cancel()
    qtbot.waitUntil(lambda: pool.pending_count() == 0, timeout=3000)
    qtbot.wait(50)
    assert delivered == []


def test_jobs_run_on_qthreads(qtbot, pool):
    """The required shape: background work runs on QThreads (not bare Python threads)."""
    from PySide6.QtCore import QThread

    seen = []
    pool.run(lambda: seen.append((QThread.currentThread().objectName(),
                                  QThread.currentThread() is not pool.thread())) or True,
             on_done=lambda _r: None)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    name, off_main = seen[0]
    assert name.startswith("fpv-worker-") and off_main


def test_progress_arrives_in_order_on_the_main_thread(qtbot, pool):
    reported, done = [], []

    def job(steps, progress):
        for step in range(1, steps + 1):
            progress((step, steps))
        return "finished"

    pool.run(job, 3, on_done=done.append,
             on_progress=lambda value: reported.append((value, threading.get_ident())))
    qtbot.waitUntil(lambda: done == ["finished"], timeout=3000)
    assert reported == [((1, 3), MAIN), ((2, 3), MAIN), ((3, 3), MAIN)]


def test_progress_of_a_superseded_job_is_dropped(qtbot, pool):
    """A newer job for the same key silences the older one's progress too."""
    reported = []
    a_started, a_may_report, a_reported = threading.Event(), threading.Event(), threading.Event()

    def old(progress):
        a_started.set()
        a_may_report.wait(3)
        progress("old")
        a_reported.set()

    pool.run(old, key="k", on_progress=reported.append)
    qtbot.waitUntil(a_started.is_set, timeout=3000)
    done = []
    pool.run(lambda progress: progress("new") or "new", key="k", on_progress=reported.append,
             on_done=done.append)
    qtbot.waitUntil(lambda: done == ["new"], timeout=3000)
    a_may_report.set()
    qtbot.waitUntil(a_reported.is_set, timeout=3000)
    qtbot.wait(50)  # a wrongly delivered "old" would arrive now
    assert reported == ["new"]


_EXIT_SCRIPT = r"""
import sys, threading
from PySide6.QtWidgets import QApplication, QWidget
from fastpix_viewer.ui.core.worker import WorkerPool

app = QApplication([])
window = QWidget()
pool = WorkerPool(max_threads=2)
started = threading.Event()

def stuck_in_io(cancel):
    started.set()
    threading.Event().wait(60)   # a request that never answers (ignores its token)

def wakes_while_exiting():
    threading.Event().wait(0.3)  # answers while the interpreter is shutting down
    return [str(i) for i in range(10000)]

pool.run(stuck_in_io, pass_token=True)
pool.run(wakes_while_exiting)
started.wait(5)
window.show()
window.close()
print("shutdown returned", pool.shutdown(timeout=0.1), flush=True)
"""


def test_a_job_stuck_in_io_neither_keeps_the_process_alive_nor_aborts_it(tmp_path):
    """Closing the app with a job stuck in I/O: the process exits at once, cleanly (no
    "QThread: Destroyed while thread is still running" abort)."""
    import os
    import subprocess
    import sys

    script = tmp_path / "exit_with_stuck_job.py"
    script.write_text(_EXIT_SCRIPT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=30, env=env)
    assert result.returncode == 0, result.stderr
    assert "shutdown returned False" in result.stdout
    assert "Destroyed while thread" not in result.stderr
