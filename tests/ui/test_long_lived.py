"""core.long_lived (issue 15): small lists never freeze (garbage stays collectable), large ones do;
start-up freezes its modules once, never the garbage a session makes later."""

from __future__ import annotations

import gc
import weakref

import pytest

from fastpix_viewer.ui.core import long_lived
from fastpix_viewer.ui.core.long_lived import FREEZE_MIN_ROWS, freeze_if_large, freeze_start_up


class Holder:
    """Stands for what a garbage cycle keeps alive (a decoded picture, a finished request)."""


@pytest.fixture(autouse=True)
def _unfrozen():
    gc.unfreeze()
    gc.collect()
    yield
    gc.unfreeze()  # never leave other tests' objects frozen
    gc.collect()


def _garbage_cycle() -> weakref.ref:
    a, b = Holder(), Holder()
    a.other, b.other = b, a  # nobody else refers to them: only the cyclic GC frees them
    return weakref.ref(a)


def test_a_small_list_freezes_nothing_so_garbage_cycles_are_still_freed():
    cycle = _garbage_cycle()
    assert freeze_if_large(FREEZE_MIN_ROWS - 1) is False
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert cycle() is None


def test_a_large_list_freezes_and_what_was_frozen_is_never_collected():
    cycle = _garbage_cycle()
    assert freeze_if_large(FREEZE_MIN_ROWS) is True
    assert gc.get_freeze_count() > 0
    gc.collect()
    # Why small lists are spared: a garbage cycle frozen with the rows is kept for good.
    assert cycle() is not None


def test_start_up_freezes_once_and_later_garbage_is_still_freed(monkeypatch):
    monkeypatch.setattr(long_lived, "_start_up_frozen", False)
    freeze_start_up()  # what launch.main does after its imports
    frozen = gc.get_freeze_count()
    assert frozen > 0
    cycle = _garbage_cycle()  # made by the session afterwards (a window replaced, a request failed)
    freeze_start_up()  # a second window, a second call: nothing more is frozen
    assert gc.get_freeze_count() == frozen
    gc.collect()
    assert cycle() is None
