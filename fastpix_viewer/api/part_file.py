"""The `.part` file of a download: opened safely, locked, tied to its source, checked before use.

- Opened without following links (`O_NOFOLLOW`; `O_EXCL` when it is new), and only if it is a
  regular file: a link planted as `X.part` must not make the download write elsewhere.
- Locked exclusively for as long as it is open (across processes, and across open files in
  one process), so two downloads never write the same `.part`.
- A sidecar (`X.part.source`, JSON) records where the kept bytes came from (the URL without its
  token, ETag, Last-Modified, length). Kept bytes are resumed only when the sidecar matches,
  and the resume request carries `If-Range` so a changed file on the host starts over.
- `media_problem` checks a finished file is an MP4/M4A and whole: its top-level boxes must
  cover the file exactly, which catches a body that ended early without a length.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from fastpix_viewer.api.errors import InputError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
MAX_SIDECAR = 64 * 1024
# ISO base media file format top-level boxes an MP4/M4A may start with or contain.
_FIRST_BOXES = frozenset({b"ftyp", b"styp", b"moov", b"free", b"skip", b"wide", b"mdat", b"pdin", b"uuid"})


@dataclass(frozen=True)
class Source:
    """What a `.part` holds the beginning of."""

    url: str  # scheme, host and path (playback ID and rendition); never the token
    etag: str | None = None
    last_modified: str | None = None
    length: int | None = None

    @property
    def validator(self) -> str | None:
        """The `If-Range` value: a strong ETag, else Last-Modified (a weak ETag may not be used)."""
        if self.etag and not self.etag.startswith("W/"):
            return self.etag
        return self.last_modified


class PartBusy(InputError):
    default_message = "This file is already being downloaded."


def _lock(fd: int) -> bool:
    """An exclusive, non-blocking lock held until `fd` is closed; False when someone else holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _refuse_link(part: Path) -> InputError:
    return InputError(
        f"{part} is a link or a special file, not a partial download; it was left alone. "
        "Move it away and try again."
    )


def open_part(part: Path, destination: Path) -> tuple[IO[bytes], bool]:
    """The `.part` opened for reading and writing and locked; (file, created)."""
    created = False
    flags = os.O_RDWR | _NOFOLLOW | _BINARY
    try:
        fd = os.open(part, flags | os.O_CREAT | os.O_EXCL, 0o644)
        created = True
    except FileExistsError:
        if part.is_symlink():
            raise _refuse_link(part) from None
        try:
            fd = os.open(part, flags)
        except OSError as problem:
            if part.is_symlink() or not part.is_file():
                raise _refuse_link(part) from None
            raise problem
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _refuse_link(part)
        if not _lock(fd):
            raise PartBusy(
                f"{destination.name} is being downloaded by another download right now ({part} is in use); "
                "wait for it to finish."
            )
    except BaseException:
        os.close(fd)
        if created:
            part.unlink(missing_ok=True)
        raise
    return os.fdopen(fd, "r+b"), created


def read_source(sidecar: Path) -> Source | None:
    """The recorded source, or None when there is none or it cannot be trusted."""
    try:
        fd = os.open(sidecar, os.O_RDONLY | _NOFOLLOW | _BINARY)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            raw = json.loads(handle.read(MAX_SIDECAR).decode("utf-8"))
        length = raw.get("length")
        return Source(
            url=str(raw["url"]),
            etag=raw.get("etag") if isinstance(raw.get("etag"), str) else None,
            last_modified=raw.get("last_modified") if isinstance(raw.get("last_modified"), str) else None,
            length=length if isinstance(length, int) and not isinstance(length, bool) else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def write_source(sidecar: Path, source: Source) -> None:
    """Write the sidecar atomically (a temporary file renamed over it; a link there is replaced)."""
    temporary = sidecar.with_name(sidecar.name + ".tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(json.dumps(asdict(source)).encode("utf-8"))
    os.replace(temporary, sidecar)


def media_problem(handle: IO[bytes], size: int) -> str | None:
    """Why the file is not a whole MP4/M4A (None when it is): the first box must be an MP4 box and
    the top-level boxes must end exactly at the end of the file."""
    handle.seek(0)
    head = handle.read(16)
    if len(head) < 8 or head[4:8] not in _FIRST_BOXES:
        sample = head[:12].decode("latin-1")
        shown = "".join(ch if ch.isprintable() else "." for ch in sample)
        return f"it is not an MP4/M4A file (it starts with {shown!r})"
    offset = 0
    while offset < size:
        handle.seek(offset)
        header = handle.read(16)
        if len(header) < 8:
            return "it ends in the middle of an MP4 box (the download stopped early)"
        box = int.from_bytes(header[:4], "big")
        if box == 1:
            if len(header) < 16:
                return "it ends in the middle of an MP4 box (the download stopped early)"
            box = int.from_bytes(header[8:16], "big")
        elif box == 0:  # the last box runs to the end of the file
            return None
        if box < 8:
            return "its MP4 structure is damaged"
        offset += box
    if offset > size:
        return "it ends in the middle of an MP4 box (the download stopped early)"
    return None
