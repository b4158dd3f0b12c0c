"""api.step_aside: background loops pause while the UI thread is in a foreground stretch
(issue 15: a busy worker made each list repaint wait on the GIL thousands of times)."""

from __future__ import annotations

import threading
import time

import pytest

from fastpix_viewer.api import step_aside


def _worker(items: int, done: list[int]) -> threading.Thread:
    def run() -> None:
        for _ in range(items):
            step_aside.pause_point()
            done.append(1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_background_loop_waits_while_the_ui_thread_is_in_the_foreground(monkeypatch):
    monkeypatch.setattr(step_aside, "MAX_PAUSE_S", 30.0)
    done: list[int] = []
    with step_aside.foreground():
        assert step_aside.in_foreground()
        thread = _worker(1000, done)
        time.sleep(0.2)  # ample time for 1,000 items were the loop not paused
        assert done == []
    thread.join(10)
    assert len(done) == 1000 and not step_aside.in_foreground()


def test_a_pause_is_bounded_so_a_long_foreground_never_starves_the_workers(monkeypatch):
    monkeypatch.setattr(step_aside, "MAX_PAUSE_S", 0.001)
    done: list[int] = []
    with step_aside.foreground():
        thread = _worker(50, done)
        thread.join(10)
        assert len(done) == 50  # finished although the foreground never ended


def test_the_ui_thread_itself_never_pauses_and_stretches_nest(monkeypatch):
    def no_sleep(_s: float) -> None:
        raise AssertionError("the UI thread slept in its own foreground")

    monkeypatch.setattr(step_aside.time, "sleep", no_sleep)
    with step_aside.foreground():
        with step_aside.foreground():
            step_aside.pause_point()
        assert step_aside.in_foreground()  # the outer stretch is still on
        step_aside.pause_point()
    assert not step_aside.in_foreground()


def test_outside_the_foreground_a_pause_point_is_free(monkeypatch):
    monkeypatch.setattr(step_aside.time, "sleep", lambda _s: pytest.fail("paused with no foreground"))
    done: list[int] = []
    _worker(100, done).join(10)
    assert len(done) == 100

