"""Bytes of Python memory one parsed media record keeps (issue 15: compact records).

`python -m bench.record_size [COUNT]`: starts the sandbox with `--scale COUNT`, fetches every
media page over HTTP, parses them with the app's parser, and reports what the parsed records
keep alive per record (tracemalloc after `gc.collect()`, the pages' JSON dropped) and their
raw JSON's size. Counts bytes, not time, so it is meaningful on a busy machine too."""

from __future__ import annotations

import gc
import json
import sys
import tracemalloc

import httpx

from bench.common import start_sandbox
from fastpix_viewer.api.models import parse_media, read_items


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    sandbox = start_sandbox(scale=count)
    try:
        env = sandbox.env()
        auth = (env["FASTPIX_TOKEN_ID"], env["FASTPIX_SECRET_KEY"])
        bodies = []
        with httpx.Client(base_url=env["FASTPIX_API_BASE"], auth=auth, timeout=60) as http:
            page = 1
            while True:
                answer = http.get("/on-demand", params={"limit": 50, "offset": page, "orderBy": "desc"})
                answer.raise_for_status()
                bodies.append(answer.content)
                data = answer.json().get("data") or []
                if len(data) < 50:
                    break
                page += 1
    finally:
        sandbox.process.kill()
    json_bytes = sum(len(json.dumps(m, separators=(",", ":")).encode()) for b in bodies for m in json.loads(b)["data"])
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    records = []
    for body in bodies:
        records.extend(read_items(parse_media, json.loads(body)["data"], "media"))
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    print(json.dumps({"records": len(records), "bytes_per_record": round(kept / len(records)),
                      "json_bytes_per_record": round(json_bytes / len(records)),
                      "kept_mb": round(kept / 2**20, 1)}))


if __name__ == "__main__":
    main()
