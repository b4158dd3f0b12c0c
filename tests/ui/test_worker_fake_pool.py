"""UI logic on the synchronous pool fake: no threads, no waiting, answers in any order we like.

The fake keeps the real pool's rules (tests/ui/test_worker.py proves them on real QThreads);
the first tests pin that, the rest use it to check the list loader's ordering rules."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QObject

from fastpix_viewer.api.envelope import build_page
from fastpix_viewer.api.errors import Cancelled, ServerError
from fastpix_viewer.api.models import parse_media
from fastpix_viewer.ui.lists import columns
from fastpix_viewer.ui.shell.paged_loader import PagedLoader
from tests.fpv_support.fake_pool import FakePool

# -- the fake keeps the pool's rules ----------------------------------------------------------


def test_inline_jobs_answer_before_run_returns_with_token_and_progress():
    pool = FakePool()
    heard = []

    def job(x, *, cancel, progress):
        progress("half")
        assert not cancel.cancelled
        return x * 2

    pool.run(job, 21, pass_token=True, on_progress=heard.append, on_done=heard.append)
    assert heard == ["half", 42]


def test_held_jobs_keep_key_supersede_cancel_and_owner_rules():
    pool = FakePool(hold=True)
    shown = []
    old = pool.run(lambda: "old", key="details", on_done=shown.append)
    pool.run(lambda: "new", key="details", on_done=shown.append)
    cancelled = pool.run(lambda: "cancelled", on_done=shown.append)
    cancelled.cancel()
    owner = QObject()
    pool.run(lambda: "orphan", owner=owner, on_done=shown.append)
    shiboken6.delete(owner)  # the dialog that asked was closed
    pool.run_all()
    assert shown == ["new"] and old.cancelled
    assert [job.fn() for job in pool.ran] == ["new", "orphan"]  # superseded, cancelled: never ran


def test_errors_go_to_on_error_cancelled_is_silent_and_unhandled_ones_reach_the_test():
    pool = FakePool()
    errors = []
    pool.run(_raise(ServerError("FastPix answered 500")), on_error=errors.append)
    pool.run(_raise(Cancelled()), on_error=errors.append, on_done=errors.append)
    assert [str(e) for e in errors] == ["FastPix answered 500"]
    with pytest.raises(ZeroDivisionError):
        pool.run(lambda: 1 / 0)


def test_nothing_is_delivered_after_shutdown():
    pool = FakePool(hold=True)
    shown = []
    pool.run(lambda: "late", on_done=shown.append)
    assert pool.shutdown() is True
    assert pool.run(lambda: "after", on_done=shown.append).cancelled
    pool.run_all()
    assert shown == [] and pool.ran == []


def _raise(exc):
    def job():
        raise exc
    return job


# -- the list loader on the fake --------------------------------------------------------------

def _page(number: int, pages: int, per_page: int = 2):
    data = [{"id": f"m-{number:02d}-{i}", "status": "Ready", "title": f"Upload {number}.{i}"}
            for i in range(per_page)]
    envelope = {"success": True, "data": data,
                "pagination": {"totalRecords": pages * per_page, "currentOffset": number, "offsetCount": pages}}
    return build_page(envelope, number, parse_media, "media", limit=per_page)


class _Listing:
    """A listing of `pages` pages; `failing` pages raise a server error."""

    def __init__(self, pages: int, failing: tuple[int, ...] = ()) -> None:
        self.pages, self.failing = pages, failing
        self.asked: list[int] = []

    def __call__(self, number, cancel):
        self.asked.append(number)
        if number in self.failing:
            raise ServerError("FastPix answered 500 for that page")
        return _page(number, self.pages)


def _ids(model) -> list[str]:
    return [obj.id for obj in model.objects()]


@pytest.fixture
def model(qtbot):
    return columns.media_model()


def test_pages_answering_out_of_order_reach_the_list_in_order(model):
    pool = FakePool(hold=True)
    listing = _Listing(pages=4)
    loader = PagedLoader(pool, model, listing, concurrency=2)
    progress, finished = [], []
    loader.progress.connect(lambda loaded, total: progress.append(loaded))
    loader.finished.connect(finished.append)

    loader.start()
    pool.run_next()  # page 1 tells how many pages there are
    assert _ids(model) == ["m-01-0", "m-01-1"]
    assert [job.args[0] for job in pool.queued] == [2, 3]  # at most two pages in flight
    page_3 = pool.queued[1]
    pool.finish(page_3)  # page 3 answers first: it waits for page 2
    assert progress == [2]
    assert [job.args[0] for job in pool.queued] == [2, 4]
    pool.run_all()
    assert progress == [2, 4, 6, 8] and finished == [8]
    assert _ids(model) == [f"m-{n:02d}-{i}" for n in range(1, 5) for i in range(2)]


def test_a_failed_page_stops_the_load_and_keeps_the_rows_shown(model):
    pool = FakePool(hold=True)
    loader = PagedLoader(pool, model, _Listing(pages=3, failing=(2,)), concurrency=1)
    failures = []
    loader.failed.connect(failures.append)
    loader.start()
    pool.run_all()
    assert failures == [loader.error] and loader.error  # one plain sentence, once
    assert not loader.is_loading
    assert _ids(model) == ["m-01-0", "m-01-1"]  # page 1 stays visible


def test_a_new_load_supersedes_the_old_ones_late_pages(model):
    pool = FakePool(hold=True)
    listing = _Listing(pages=3)
    loader = PagedLoader(pool, model, listing, concurrency=2)
    loader.start()
    pool.run_next()  # old load: page 1 shown, pages 2 and 3 in flight
    old_jobs = list(pool.queued)
    loader.start()  # the user pressed Refresh
    assert all(job.cancelled for job in old_jobs)
    pool.run_all()
    assert _ids(model) == [f"m-{n:02d}-{i}" for n in range(1, 4) for i in range(2)]
    assert listing.asked == [1, 1, 2, 3]  # the old load's pages 2 and 3 never ran


class _LargeListing(_Listing):
    """A listing that announces `pages` pages of three (only the first few are ever asked)."""

    def __call__(self, number, cancel):
        self.asked.append(number)
        return _page(number, self.pages, per_page=3)


@pytest.fixture
def unfrozen():
    import gc

    gc.unfreeze()
    yield gc
    gc.unfreeze()  # never leave other tests' objects frozen


@pytest.mark.parametrize(("pages", "frozen"), [(1700, True), (10, False)])
def test_a_list_that_will_be_large_is_frozen_from_its_first_page(model, unfrozen, pages, frozen):
    # 5,100 announced records: the rows so far leave the GC's full walks at once (issue 15:
    # full collections before the fifth thousand took 38-54 ms at 10,000 media). 30 records:
    # nothing is frozen (freezing keeps garbage for good, core.long_lived).
    pool = FakePool(hold=True)
    loader = PagedLoader(pool, model, _LargeListing(pages=pages), concurrency=1)
    loader.start()
    pool.run_next()
    assert model.rowCount() == 3
    assert (unfrozen.get_freeze_count() > 0) is frozen
    loader.cancel()
