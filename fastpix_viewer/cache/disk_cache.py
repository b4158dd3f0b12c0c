"""A size-bounded directory of cached files, safe to use from several threads (and processes).

Writes are atomic (a temporary file in the same directory, then `os.replace`), so a reader
never sees half a file and a crash leaves at most a stray temporary file, removed by the
next trim. "Recently used" is the file's modification time, bumped on every read: access
times are unreliable (relatime/noatime mounts). Eviction removes the least recently used
files until the directory is back under its byte budget.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
import time
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_KEY = re.compile(r"^[0-9a-f]{16,128}$")
_SUFFIX = ".bin"
_TEMP_PREFIX = ".tmp-"
# A temporary file this old belongs to a writer that died; trimming removes it.
_STALE_TEMP_SECONDS = 300


class DiskCache:
    """Files named by hex keys under `root`, at most `max_bytes` in total (checked after each put)."""

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes < 1:
            raise ValueError("max_bytes must be positive")
        self.root = Path(root)
        self.max_bytes = int(max_bytes)
        self._lock = threading.Lock()
        self._size: int | None = None  # bytes on disk, known after the first scan

    def _path(self, key: str) -> Path:
        # Keys are hashes; anything else could name a path outside the cache.
        if not _KEY.match(key):
            raise ValueError("cache keys are lower-case hex digests")
        return self.root / (key + _SUFFIX)

    def get(self, key: str) -> bytes | None:
        """The stored bytes, or None (missing or unreadable). A hit counts as a use."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return data

    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key` atomically, then evict old files if over budget."""
        path = self._path(key)
        self.root.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=self.root)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            try:
                old = path.stat().st_size
            except OSError:
                old = 0
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        with self._lock:
            if self._size is not None:
                self._size += len(data) - old
            over = self._size is None or self._size > self.max_bytes
        if over:
            self.trim()

    def discard(self, key: str) -> None:
        """Forget `key` (e.g. its file turned out to be corrupt)."""
        path = self._path(key)
        try:
            size = path.stat().st_size
            path.unlink()
        except OSError:
            return
        with self._lock:
            if self._size is not None:
                self._size -= size

    def total_bytes(self) -> int:
        return sum(size for _path, size, _used in self._entries())

    def trim(self) -> int:
        """Evict least recently used files until under budget; returns how many were removed."""
        with self._lock:
            entries = self._entries()
            total = sum(size for _p, size, _u in entries)
            removed = 0
            for path, size, _used in sorted(entries, key=lambda e: e[2]):
                if total <= self.max_bytes:
                    break
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                total -= size
                removed += 1
            self._size = total
            return removed

    def _entries(self) -> list[tuple[Path, int, float]]:
        entries: list[tuple[Path, int, float]] = []
        now = time.time()
        try:
            children = list(os.scandir(self.root))
        except OSError:
            return entries
        for entry in children:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.startswith(_TEMP_PREFIX):
                if now - info.st_mtime > _STALE_TEMP_SECONDS:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                continue
            if entry.name.endswith(_SUFFIX) and entry.is_file(follow_symlinks=False):
                entries.append((Path(entry.path), info.st_size, info.st_mtime))
        return entries
