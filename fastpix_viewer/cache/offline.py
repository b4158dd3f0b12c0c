"""The offline store: each workspace's last complete listings and item details, in SQLite.

One database file for all workspaces. A workspace is keyed by a hash of its API base and
access token ID (never a secret). Records are stored as the JSON FastPix sent, with secrets
masked again here (the API models' `.raw` already masks them; this is the last line).

Every call opens its own short-lived connection, so any worker thread may call any method;
SQLite's own locking (WAL, a busy timeout) serialises writers, across processes too. A
database that is damaged (SQLite says corrupt / not a database) is moved aside and started
afresh: a cache must never stop the app. Any other failure (disk full, I/O error, read-only
folder) is not damage: the database is kept as it is, caching stops for this run (`stopped`
says why; logged once), and reads fall back to "nothing cached".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fastpix_viewer.api.models import mask_secrets

log = logging.getLogger(__name__)

Kind = Literal["streams", "media"]
KINDS = ("streams", "media")
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS listings (
    workspace TEXT NOT NULL, kind TEXT NOT NULL, saved_at REAL NOT NULL, items TEXT NOT NULL,
    PRIMARY KEY (workspace, kind));
CREATE TABLE IF NOT EXISTS details (
    workspace TEXT NOT NULL, kind TEXT NOT NULL, item_id TEXT NOT NULL, saved_at REAL NOT NULL,
    raw TEXT NOT NULL, PRIMARY KEY (workspace, kind, item_id));
"""


# SQLite primary result codes that mean the file itself is damaged (extended codes share the low byte).
_DAMAGE_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB


class _UnknownSchema(sqlite3.DatabaseError):
    """A database written by an incompatible version: treated like damage."""


def is_damage(problem: BaseException) -> bool:
    if isinstance(problem, _UnknownSchema):
        return True
    code = getattr(problem, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in _DAMAGE_CODES


def workspace_key(api_base: str, token_id: str) -> str:
    """Names a workspace in the store without storing anything secret (a hash)."""
    return hashlib.sha256(f"{api_base.rstrip('/')}\n{token_id}".encode()).hexdigest()


@dataclass(frozen=True)
class CachedListing:
    saved_at: float  # epoch seconds
    items: list[dict[str, Any]]


@dataclass(frozen=True)
class CachedItem:
    saved_at: float
    raw: dict[str, Any]


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")


def _dump(value: Any) -> str:
    return json.dumps(mask_secrets(_plain(value)), ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class OfflineStore:
    """See the module docstring. `path` is the database file (its folder is created)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._init_lock = threading.Lock()
        self._ready = False
        self.stopped: str | None = None  # why caching stopped (disk full, ...); None while it works

    def _stop(self, problem: BaseException) -> None:
        """A write or read failed without the file being damaged: keep it, stop writing, say so once."""
        with self._init_lock:
            if self.stopped is not None:
                return
            self.stopped = (f"The offline copy could not be written ({problem}); it is kept as it was, "
                            "and nothing more is saved to it until the app restarts.")
        log.warning("offline cache stopped: %s (database kept: %s)", problem, self.path)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[bool]:
        """Around every write: yields False once caching has stopped (the caller skips the write)."""
        if self.stopped is not None:
            yield False
            return
        try:
            yield True
        except sqlite3.Error as problem:
            if is_damage(problem):
                log.warning("offline cache damaged (%s); starting a new one", problem)
                with self._init_lock:
                    self._move_aside()
                    self._ready = False
            else:
                self._stop(problem)

    # -- connections --------------------------------------------------------------------

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self._ensure_schema()
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            with conn:  # one transaction: committed on success, rolled back on error
                yield conn
        finally:
            conn.close()

    def _ensure_schema(self) -> None:
        with self._init_lock:
            if self._ready:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._create()
            except sqlite3.DatabaseError as problem:
                if not is_damage(problem):
                    raise  # disk full, I/O error...: not a reason to throw the database away
                log.warning("offline cache unreadable (%s); starting a new one", problem)
                self._move_aside()
                self._create()
            self._ready = True

    def _create(self) -> None:
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise _UnknownSchema(f"unknown schema version {version}")
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.commit()
        finally:
            conn.close()

    def _move_aside(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            path = Path(str(self.path) + suffix)
            with contextlib.suppress(OSError):
                path.replace(Path(str(path) + ".corrupt"))

    def _guarded(self, fn: Any, default: Any) -> Any:
        """Run a read; a damaged database reads as empty (and is replaced) instead of failing."""
        try:
            return fn()
        except sqlite3.Error as problem:
            if not is_damage(problem):
                self._stop(problem)
                return default
            log.warning("offline cache read failed (%s); starting a new one", problem)
            with self._init_lock:
                self._move_aside()
                self._ready = False
            return default

    # -- listings -----------------------------------------------------------------------

    def save_listing(self, workspace: str, kind: Kind, items: Iterable[Mapping[str, Any]],
                     *, now: float | None = None) -> None:
        """Replace the workspace's `kind` listing with `items` (raw JSON objects, in list order)."""
        _check_kind(kind)
        if self.stopped is not None:
            return
        text = "[" + ",".join(_dump(item) for item in items) + "]"
        saved = time.time() if now is None else now
        with self._writing() as allowed, contextlib.ExitStack() as stack:
            if allowed:
                conn = stack.enter_context(self._connect())
                conn.execute("INSERT OR REPLACE INTO listings VALUES (?, ?, ?, ?)", (workspace, kind, saved, text))

    def load_listing(self, workspace: str, kind: Kind) -> CachedListing | None:
        _check_kind(kind)

        def read() -> CachedListing | None:
            with self._connect() as conn:
                row = conn.execute("SELECT saved_at, items FROM listings WHERE workspace=? AND kind=?",
                                   (workspace, kind)).fetchone()
            if row is None:
                return None
            items = json.loads(row[1])
            if not isinstance(items, list):
                return None
            return CachedListing(float(row[0]), [i for i in items if isinstance(i, dict)])

        try:
            return self._guarded(read, None)
        except ValueError:  # JSON damaged inside an intact database
            return None

    # -- details ------------------------------------------------------------------------

    def save_details(self, workspace: str, kind: Kind, items: Iterable[tuple[str, Mapping[str, Any]]],
                     *, now: float | None = None) -> int:
        """Store (item ID, raw JSON) pairs (streams name their ID `streamId`, media `id`);
        returns how many were stored."""
        _check_kind(kind)
        saved = time.time() if now is None else now
        rows = [(workspace, kind, item_id, saved, _dump(raw))
                for item_id, raw in items if isinstance(item_id, str) and item_id]
        if not rows or self.stopped is not None:
            return 0
        with self._writing() as allowed, contextlib.ExitStack() as stack:
            if allowed:
                conn = stack.enter_context(self._connect())
                conn.executemany("INSERT OR REPLACE INTO details VALUES (?, ?, ?, ?, ?)", rows)
                return len(rows)
        return 0

    def load_details(self, workspace: str, kind: Kind, item_id: str) -> CachedItem | None:
        _check_kind(kind)

        def read() -> CachedItem | None:
            with self._connect() as conn:
                row = conn.execute(
                    "SELECT saved_at, raw FROM details WHERE workspace=? AND kind=? AND item_id=?",
                    (workspace, kind, item_id)).fetchone()
            if row is None:
                return None
            raw = json.loads(row[1])
            return CachedItem(float(row[0]), raw) if isinstance(raw, dict) else None

        try:
            return self._guarded(read, None)
        except ValueError:
            return None

    def forget_workspace(self, workspace: str) -> None:
        """Drop everything kept for a workspace (e.g. when it is removed)."""
        with self._writing() as allowed, contextlib.ExitStack() as stack:
            if allowed:
                conn = stack.enter_context(self._connect())
                conn.execute("DELETE FROM listings WHERE workspace=?", (workspace,))
                conn.execute("DELETE FROM details WHERE workspace=?", (workspace,))
