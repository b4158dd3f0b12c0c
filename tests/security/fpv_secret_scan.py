"""Looks for known secrets in files and text: the scanner of the whole-session secrets test.

Needles are exact byte strings (a secret key, a stream key, each line of a PEM body...) plus
one pattern: any JWT (`eyJ…​.…​.…`), since every signed playback token is one."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}")
MIN_PEM_LINE = 24  # short PEM lines (the last one) could match by chance


@dataclass(frozen=True)
class Hit:
    where: str
    what: str


def signing_key_needles(signing_key_b64: str) -> dict[str, str]:
    """The base64 key as configured, and each line of the PEM body it decodes to."""
    needles = {"signing key (base64)": signing_key_b64}
    pem = base64.b64decode(signing_key_b64).decode("ascii")
    body = [line.strip() for line in pem.splitlines() if line.strip() and not line.startswith("-----")]
    for n, line in enumerate(body):
        if len(line) >= MIN_PEM_LINE:
            needles[f"signing key PEM line {n}"] = line
    return needles


def scan_bytes(data: bytes, where: str, needles: dict[str, str], *, jwts: bool = True) -> list[Hit]:
    hits = [Hit(where, what) for what, value in needles.items() if value.encode() in data]
    if jwts and JWT.search(data):
        hits.append(Hit(where, "a signed token (JWT)"))
    return hits


def scan_tree(root: Path, needles: dict[str, str], *, skip: Iterable[Path] = ()) -> list[Hit]:
    """Every regular file under `root` (binary-safe), except the paths in `skip`."""
    skipped = {p.resolve() for p in skip}
    hits: list[Hit] = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.resolve() in skipped:
            continue
        hits += scan_bytes(path.read_bytes(), str(path.relative_to(root)), needles)
    return hits


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
