"""A record's raw JSON kept as compact UTF-8 bytes and decoded when someone looks at it.

Why: the decoded tree of one media is about 4 KB of Python objects for ~1.1 KB of JSON, and
the lists keep every record for as long as they are shown; at 50,000 media the trees were
most of the app's memory (issue 15). The fields the app reads all the time are parsed into
the record's own attributes; `raw` is only read for the details, the offline copy and the
command line's `--json`, one item at a time.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

EMPTY = b"{}"


def pack(value: Any) -> bytes:
    """The value as compact JSON bytes (non-JSON leaves become text rather than failing)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


@lru_cache(maxsize=32)
def unpack(data: bytes) -> Any:
    """The decoded value. The few most recent are kept, so the details pane and a CLI command
    that read `raw` several times decode it once. The result is shared: never modify it."""
    return json.loads(data)
