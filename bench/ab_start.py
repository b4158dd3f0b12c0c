"""Start-up A/B: two source trees' start-ups and the bare baseline, interleaved, one sandbox.

    python -m bench.ab_start TREE_A TREE_B ROUNDS

Each round starts the app from tree A, the app from tree B, then the bare PySide6 + httpx
program (`drv_bare_start`), each in a fresh process with `PYTHONPATH` set to its tree, and
takes the moment the first page of streams is painted (`drv_app_start`). Interleaving shares
out the machine's noise; a `git worktree` of the commit before makes a good tree A. Prints
each side's median and every run."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time

from bench.common import HEADLESS_VLC, PYTHON, RESULT_PREFIX, base_env, start_sandbox


def main() -> int:
    tree_a, tree_b, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sandbox = start_sandbox()
    runs: dict[str, list[float]] = {"A": [], "B": [], "bare": []}
    try:
        env = base_env(sandbox.env())
        for _ in range(rounds):
            for who, tree in (("A", tree_a), ("B", tree_b), ("bare", tree_a)):
                driver = "drv_bare_start" if who == "bare" else "drv_app_start"
                args = [] if who == "bare" else ["--config-dir", tempfile.mkdtemp(), "--vlc-args", HEADLESS_VLC]
                begun = time.monotonic()
                done = subprocess.run([PYTHON, "-m", f"bench.{driver}", *args], cwd=tree,
                                      env={**env, "PYTHONPATH": tree}, capture_output=True, text=True, timeout=120)
                results = [json.loads(line[len(RESULT_PREFIX):]) for line in done.stdout.splitlines()
                           if line.startswith(RESULT_PREFIX)]
                if not results:
                    print(who, "failed:", done.stderr[-1500:])
                    continue
                runs[who].append((results[0]["painted"] - begun) * 1000)
    finally:
        sandbox.stop()
    for who, values in runs.items():
        if values:
            print(f"{who}: median {statistics.median(values):.0f} ms, runs {[round(v) for v in values]}")
    if runs["A"] and runs["B"] and runs["bare"]:
        bare = statistics.median(runs["bare"])
        print(f"ratio A {statistics.median(runs['A']) / bare:.2f}, B {statistics.median(runs['B']) / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
