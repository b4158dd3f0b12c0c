"""`python -m soak --seconds 300 --seed N`: the chaos soak.

1. Starts the sandbox in its own process with every fault kind on (`soak.faults.SPEC`).
2. Runs the real GUI (offscreen, dummy libVLC outputs) in another process (`soak.child`), two
   saved workspaces pointing at that sandbox (secrets in an in-memory keyring), driven by the
   seeded monkey for `--seconds`.
3. Reads the sandbox's fault counters, prints a table, writes JSON (`--out`).

Exit status 1 (and the reasons printed) on a crash, an unhandled exception, a request left
open, a main-thread block over 2 s, a fault kind never served, or RSS growing more than 20 %
after warm-up (a quarter of the run, at most 60 s): the median of the minute after warm-up
against the median of the last minute (runs of 2 minutes or more); 0 otherwise. RSS is
sampled every 10 s and the curve printed; `--diagnose` adds tracemalloc's top growth sites and
live-object counts by type (`soak.memory`). The result also holds the C heap's bytes in use
beside RSS (`malloc_in_use_curve`) and the decoded pictures alive at the end.

For bisecting a memory growth (diagnosis only, never in CI):
- `SOAK_ACTIONS=refresh,select_keys` lets the monkey do only those actions (`soak.driver`);
- `SOAK_CHILD_PREFIX="heaptrack -o /tmp/soak"` runs the GUI process under a native heap
  profiler, and `SOAK_HARD_EXIT=1` ends it without shutting down, so what the profiler reports
  as leaked is what was alive at the end of the run.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from soak import faults
from soak.memory import growth_failure, growth_window_medians, plot_curve
from soak.report import render

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
MAX_BLOCK_MS = 2000.0
MIN_SECONDS_FOR_MEMORY = 120.0


def start_sandbox(spec: str, seed: int) -> tuple[subprocess.Popen, dict[str, Any]]:
    args = [sys.executable, "-m", "fastpix_viewer.sandbox.cli", "--json", "--port", "0",
            "--faults", spec, "--fault-seed", str(seed), "--broadcast", "idle"]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.kill()
        raise RuntimeError("the sandbox did not start")
    return process, json.loads(line)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def child_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FASTPIX_")}  # only the soak's profiles
    env["QT_QPA_PLATFORM"] = "offscreen"
    runtime = workdir / "xdg-runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    env["PYTHON_KEYRING_BACKEND"] = "soak.memory_keyring.MemoryKeyring"
    env["PYTHONFAULTHANDLER"] = "1"  # a crash before the app's own faulthandler is set up
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def verdict(result: dict[str, Any], served: dict[str, int]) -> list[str]:
    """The fail conditions, each as one plain sentence."""
    reasons = []
    crash = result.get("crash")
    if crash:
        reasons.append(f"the app crashed: {crash}")
    if result.get("unhandled_exceptions"):
        reasons.append(f"{len(result['unhandled_exceptions'])} unhandled exception(s)")
    if result.get("open_requests_at_end", 0) > 0:
        reasons.append(f"{result['open_requests_at_end']} request(s) still open after the app closed")
    stall = result.get("stall") or {}
    if stall.get("max_ms", 0) > MAX_BLOCK_MS:
        reasons.append(f"the main thread blocked for {stall['max_ms']:.0f} ms (limit {MAX_BLOCK_MS:.0f})")
    if result.get("seconds", 0) >= MIN_SECONDS_FOR_MEMORY:  # shorter runs are all warm-up
        warm, end = growth_window_medians(result)
        result["rss_growth_window_mb"] = [warm, end]
        memory = growth_failure(warm, end)
        if memory and not result.get("crash"):
            reasons.append(memory)
    never = [k for k in faults.EXPECTED_KINDS if served.get(k, 0) <= 0]
    if never:
        reasons.append("fault kinds never served: " + ", ".join(never))
    return reasons


def run(seconds: float, seed: int, out: Path, spec: str = faults.SPEC, diagnose: bool = False) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="fpv-soak-"))
    config_dir = workdir / "config"
    result_file = workdir / "child.json"
    sandbox, info = start_sandbox(spec, seed)
    started = time.monotonic()
    crash = None
    try:
        # SOAK_CHILD_PREFIX (e.g. "heaptrack -o /tmp/soak") runs the GUI process under a native
        # memory profiler: the growth the soak finds is native, which tracemalloc cannot see.
        prefix = shlex.split(os.environ.get("SOAK_CHILD_PREFIX", ""))
        cmd = [*prefix, sys.executable, "-m", "soak.child", "--sandbox", json.dumps(info), "--seconds", str(seconds),
               "--seed", str(seed), "--config-dir", str(config_dir), "--result", str(result_file)]
        if diagnose:
            cmd.append("--diagnose")
        with open(workdir / "child.stdout", "w") as so, open(workdir / "child.stderr", "w") as se:
            child = subprocess.Popen(cmd, cwd=ROOT, env=child_env(workdir), stdout=so, stderr=se)
            try:
                code = child.wait(timeout=seconds + 120)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(10)
                code = None
                crash = f"the app did not exit within {seconds + 120:.0f} s (hung)"
        if code is not None and code < 0:
            crash = f"killed by signal {-code}"
        elif code not in (0, None):
            crash = f"exit code {code}"
        try:
            counters = httpx.get(info["control"].rstrip("/") + "/counters", timeout=10).json()
        except Exception as problem:
            counters = {"error": str(problem)}
    finally:
        stop(sandbox)
    result: dict[str, Any] = json.loads(result_file.read_text()) if result_file.exists() else {}
    if crash is None and not result:
        crash = "the app exited without writing its result"
    stderr = (workdir / "child.stderr").read_text(errors="replace")
    native = config_dir / "logs" / "native-crash.log"
    if crash:
        result["crash"] = crash
        result["stderr_tail"] = stderr.splitlines()[-40:]
        if native.exists():
            result["faulthandler"] = native.read_text(errors="replace").splitlines()[-60:]
    served = dict(counters.get("faults", {})) if isinstance(counters, dict) else {}
    # The sandbox counts "drip" for every drip rule (api and stream alike), same for latency.
    result.update({
        "seconds": seconds, "seed": seed, "wall_s": round(time.monotonic() - started, 1),
        "fault_spec": spec, "sandbox_counters": counters, "faults_served": served,
        "workdir": str(workdir), "stderr_lines": len(stderr.splitlines()),
    })
    result["failures"] = verdict(result, served)
    result["passed"] = not result["failures"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m soak", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="how long the monkey drives the app")
    parser.add_argument("--minutes", type=float, default=None,
                        help="how long in minutes (overrides --seconds; `./dev soak --minutes 30`)")
    parser.add_argument("--seed", type=int, default=1, help="the monkey's and the sandbox's fault seed")
    parser.add_argument("--diagnose", action="store_true",
                        help="tracemalloc diff and live-object counts between warm-up and end (costs stalls)")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="where the JSON goes")
    parser.add_argument("--faults", default=faults.SPEC, metavar="SPEC",
                        help="the sandbox's fault rules (default: every kind, see soak/faults.py)")
    args = parser.parse_args(argv)
    seconds = args.minutes * 60 if args.minutes is not None else args.seconds
    result = run(seconds, args.seed, args.out, args.faults, args.diagnose)
    print(render(result))
    print(f"\nJSON: {args.out}")
    png = plot_curve(result, args.out.with_suffix(".png"))
    if png is not None:
        print(f"RSS curve: {png}")
    if result["failures"]:
        print("\nSOAK FAILED:\n  - " + "\n  - ".join(result["failures"]), file=sys.stderr)
        return 1
    memory = ("RSS after warm-up grew < 20 %" if seconds >= MIN_SECONDS_FOR_MEMORY else
              f"RSS growth not judged (runs shorter than {MIN_SECONDS_FOR_MEMORY:.0f} s are too short)")
    print("\nSOAK PASSED: no crash, no unhandled exception, no request left open, "
          f"no block over 2 s, every fault kind served, {memory}.")
    return 0
