"""DiskCache: byte budget with least-recently-used eviction, atomic writes, concurrent use."""

from __future__ import annotations

import hashlib
import os
import threading
import time

import pytest

from fastpix_viewer.cache.disk_cache import DiskCache


def key(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


def test_put_get_roundtrip_and_miss(tmp_path):
    cache = DiskCache(tmp_path / "c", 10_000)
    assert cache.get(key(1)) is None
    cache.put(key(1), b"hello")
    assert cache.get(key(1)) == b"hello"
    assert cache.total_bytes() == 5


def test_over_budget_evicts_the_least_recently_used(tmp_path):
    cache = DiskCache(tmp_path, 3000)
    for n in range(3):
        cache.put(key(n), bytes(1000))
    # Make the ages explicit (mtime is the use time); then read the oldest, which makes it recent.
    base = time.time() - 100
    for n in range(3):
        os.utime(tmp_path / f"{key(n)}.bin", (base + n, base + n))
    assert cache.get(key(0)) is not None  # 0 is now the most recently used
    cache.put(key(3), bytes(1000))  # 4000 > 3000: one must go — the least recently used is 1
    assert cache.get(key(1)) is None
    assert all(cache.get(key(n)) is not None for n in (0, 2, 3))
    assert cache.total_bytes() <= 3000


def test_a_single_file_larger_than_the_budget_does_not_stay(tmp_path):
    cache = DiskCache(tmp_path, 100)
    cache.put(key(1), bytes(50))
    cache.put(key(2), bytes(500))
    assert cache.total_bytes() <= 100


def test_keys_that_are_not_hex_digests_are_refused(tmp_path):
    cache = DiskCache(tmp_path / "c", 100)
    for bad in ("../../etc/passwd", "ABC", "", "a/b"):
        with pytest.raises(ValueError):
            cache.put(bad, b"x")
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").iterdir())


def test_writes_leave_no_temporary_files_and_replace_atomically(tmp_path):
    cache = DiskCache(tmp_path, 10_000)
    cache.put(key(1), b"a" * 10)
    cache.put(key(1), b"b" * 20)
    assert cache.get(key(1)) == b"b" * 20
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{key(1)}.bin"]
    assert cache.total_bytes() == 20


def test_stale_temporary_files_of_a_dead_writer_are_removed_by_trim(tmp_path):
    cache = DiskCache(tmp_path, 10_000)
    stray = tmp_path / ".tmp-deadwriter"
    stray.write_bytes(b"half")
    old = time.time() - 3600
    os.utime(stray, (old, old))
    cache.trim()
    assert not stray.exists()


def test_discard_forgets_a_file(tmp_path):
    cache = DiskCache(tmp_path, 10_000)
    cache.put(key(1), b"corrupt")
    cache.discard(key(1))
    assert cache.get(key(1)) is None
    cache.discard(key(1))  # twice is fine


def test_concurrent_writers_and_readers_stay_consistent_and_bounded(tmp_path):
    cache = DiskCache(tmp_path, 20_000)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for n in range(60):
                k = key(n % 25)
                payload = bytes([n % 256]) * 1000
                cache.put(k, payload)
                got = cache.get(k)
                # Another thread may have replaced or evicted it, but never a torn file.
                assert got is None or (len(got) == 1000 and len(set(got)) == 1)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert cache.total_bytes() <= 20_000
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]
