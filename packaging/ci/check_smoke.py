"""Check the one JSON line of `fastpix-viewer --demo --smoke-test` (used by the
installers workflow on each OS): the demo lists loaded and a recording played.

    python packaging/ci/check_smoke.py smoke.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def problems(report: dict) -> list[str]:
    found = []
    if report.get("streams", 0) < 1 or report.get("media", 0) < 1:
        found.append("the demo's stream and media lists did not load")
    if not report.get("recording"):
        found.append("no recording was chosen")
    if report.get("playing") is not True:
        found.append("playback never reached Playing")
    if (report.get("position_ms") or 0) < 1000:
        found.append("playback did not advance a second")
    if (report.get("length_ms") or 0) <= 0:
        found.append("libVLC reported no length")
    return found


def main(argv: list[str]) -> int:
    text = Path(argv[1]).read_text(encoding="utf-8-sig")  # PowerShell may add a BOM
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        print(f"expected one JSON line, got {len(lines)}:\n{text}", file=sys.stderr)
        return 1
    report = json.loads(lines[0])
    found = problems(report)
    for problem in found:
        print(f"smoke test: {problem}", file=sys.stderr)
    print(json.dumps(report))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
