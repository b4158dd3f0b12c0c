"""gc_freeze (issue 15): what gc.freeze() kept of a replaced window is given back."""

from __future__ import annotations

import gc
import weakref

import pytest

from fastpix_viewer.ui.core.gc_freeze import thaw_and_collect


class Holder:
    """Stands for what a garbage cycle keeps alive (in the app: a decoded picture, a request)."""


@pytest.fixture(autouse=True)
def _unfrozen():
    gc.collect()
    yield
    gc.unfreeze()  # never leave other tests' objects frozen
    gc.collect()


def test_a_frozen_cycle_that_became_garbage_is_given_back_by_a_thaw():
    a = Holder()
    a.self = a
    gone = weakref.ref(a)
    gc.freeze()  # alive when frozen (a window's objects while it is open)
    del a
    gc.collect()
    assert gone() is not None  # frozen: the collector does not look at it
    assert thaw_and_collect() >= 1
    assert gone() is None
    assert gc.get_freeze_count() > 0  # what is still alive is frozen again
