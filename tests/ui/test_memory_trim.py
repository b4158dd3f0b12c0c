"""Giving freed heap memory back (issue 15: RSS grew in the soak while the Python heap stayed flat)."""

from __future__ import annotations

import ctypes
import os
import sys
import threading

import pytest

from fastpix_viewer.ui.core.memory_trim import MemoryTrimmer, release_free_memory


def rss_pages() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_native_memory_goes_back_to_the_system():
    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    # 64 MB in small blocks (below the mmap threshold, so they live in the heap), every other
    # one kept: the freed half is fragmented and free() alone cannot return it.
    blocks = [libc.malloc(16_000) for _ in range(4000)]
    for block in blocks[::2]:
        libc.memset(ctypes.c_void_p(block), 1, 16_000)
    for block in blocks[1::2]:
        libc.memset(ctypes.c_void_p(block), 1, 16_000)
    for block in blocks[::2]:
        libc.free(block)
    before = rss_pages()
    assert release_free_memory()
    after = rss_pages()
    for block in blocks[1::2]:
        libc.free(block)
    freed_mb = (before - after) * os.sysconf("SC_PAGE_SIZE") / 2**20
    assert freed_mb > 16, f"only {freed_mb:.1f} MB went back"


def test_trimmer_trims_on_a_worker_thread_not_the_main_thread(qtbot, monkeypatch):
    """malloc_trim walks every arena under its lock: never on the main thread."""
    from fastpix_viewer.ui.core import memory_trim
    from fastpix_viewer.ui.core.worker import WorkerPool

    threads = []
    monkeypatch.setattr(memory_trim, "release_free_memory", lambda: threads.append(threading.get_ident()))
    pool = WorkerPool(2)
    try:
        trimmer = MemoryTrimmer(pool, interval_ms=10)
        trimmer.start()
        qtbot.waitUntil(lambda: len(threads) >= 2, timeout=3000)
        trimmer.stop()
    finally:
        pool.shutdown(timeout=1.0)
    assert threading.main_thread().ident not in threads
