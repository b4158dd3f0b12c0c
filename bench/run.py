"""`python -m bench [--quick] [--out PATH]`: run every benchmark, print the table, write JSON.

Each figure is measured in its own process (the app or a driver) against sandboxes running
in their own processes; every figure has a baseline measured in the same run. See README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import common
from bench.common import HEADLESS_VLC, Sandbox, run_driver, start_sandbox, summary

LATENCY = "api:latency=50ms"
RESULTS = common.ROOT / "bench" / "results"


@dataclass(frozen=True)
class Plan:
    startup_runs: int
    ttff_runs: int
    ttff_xcb: bool
    large: int  # media in the large workspace
    large_runs: int
    seq_runs: int
    thumb_runs: int
    growth: tuple[int, ...]
    growth_runs: int
    growth_seq_runs: int


FULL = Plan(startup_runs=7, ttff_runs=40, ttff_xcb=True, large=10000, large_runs=5, seq_runs=3, thumb_runs=5,
            growth=(1000, 10000, 50000), growth_runs=3, growth_seq_runs=1)
QUICK = Plan(startup_runs=1, ttff_runs=2, ttff_xcb=False, large=300, large_runs=1, seq_runs=1, thumb_runs=1,
             growth=(100, 300, 600), growth_runs=1, growth_seq_runs=1)


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------- figures

def figure(name: str, ours: list[float], baseline: list[float], unit: str, target: str,
           met: bool | None, note: str = "", baseline_name: str = "", ratio: float | None = None) -> dict[str, Any]:
    """One row of the table; `met` None: reported, with no target of its own."""
    o, b = summary(ours), summary(baseline)
    if ratio is None:
        ratio = o["median"] / b["median"] if b["median"] else None
    return {"figure": name, "unit": unit, "ours": o, "baseline": b, "baseline_name": baseline_name,
            "ratio": ratio, "target": target, "met": met, "note": note}


def bench_startup(plan: Plan, sandbox: Sandbox) -> list[dict[str, Any]]:
    env = sandbox.env()
    ours: list[float] = []
    bare: list[float] = []
    app_exit_failures: list[str] = []
    for i in range(plan.startup_runs + 1):  # run 0 warms the disk cache for both; not counted
        for who in ((0, 1) if i % 2 == 0 else (1, 0)):
            config = tempfile.mkdtemp(prefix="fpv-bench-config-")
            start = time.monotonic()
            if who == 0:
                out = run_driver("drv_app_start", ["--config-dir", config, "--vlc-args", HEADLESS_VLC], env,
                                 exit_failures=app_exit_failures)
            else:
                out = run_driver("drv_bare_start", [], env)
            elapsed = out[0]["painted"] - start
            shutil.rmtree(config, ignore_errors=True)
            if i:
                (ours if who == 0 else bare).append(elapsed)
    ratio = summary(ours)["median"] / summary(bare)["median"]
    note = ""
    if app_exit_failures:
        note = (f"the app failed on the way out in {len(app_exit_failures)} of {plan.startup_runs + 1} "
                f"starts after painting: {app_exit_failures[0]}")
    return [figure("1. Start-up to first page of streams painted", ours, bare, "s", "≤ 1.5× baseline",
                   ratio <= 1.5, baseline_name="bare PySide6 + httpx", note=note)]


def _xvfb() -> tuple[subprocess.Popen, str] | None:
    if not shutil.which("Xvfb"):
        return None
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        display = pipe.readline().strip()
    if not display:
        proc.kill()
        return None
    return proc, f":{display}"


def bench_ttff(plan: Plan, sandbox: Sandbox) -> list[dict[str, Any]]:
    rows = []
    modes = [("dummy vout, offscreen Qt", HEADLESS_VLC, {})]
    xvfb = _xvfb() if plan.ttff_xcb else None
    if xvfb is not None:
        modes.append(("xcb_x11 vout, Xvfb", "--vout=xcb_x11 --aout=dummy",
                      {"QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb[1]}))
    try:
        for label, args, extra in modes:
            out = run_driver("drv_ttff", [str(plan.ttff_runs), args], {**sandbox.env(), **extra})[0]
            ours, bare = out["ours"], out["baseline"]
            ratio = summary(ours)["median"] / summary(bare)["median"]
            # The target is for the X output; the dummy output (no window) is reported
            # beside it: it isolates what the app adds without any drawing.
            x_output = "xcb" in args
            rows.append(figure(f"2. Time to first frame ({label})", ours, bare, "s",
                               "≤ 1.15× baseline" if x_output else "report (the target is the X output's)",
                               ratio <= 1.15 if x_output else None,
                               baseline_name="bare python-vlc, same URL and options",
                               note=f"{len(ours)} interleaved runs; a ready public recording goes to libVLC without a "
                                    f"pre-flight (one alone: {summary(out['preflight'])['median'] * 1000:.1f} ms "
                                    "median; it runs only when libVLC fails); "
                                    f"play action to libVLC play(): "
                                    f"{summary(out['before_libvlc'])['median'] * 1000:.1f} ms median; "
                                    f"options {' '.join(out['instance_args'])}"))
    finally:
        if xvfb is not None:
            xvfb[0].terminate()
            xvfb[0].wait(5)
    return rows


def workspace_runs(sandbox: Sandbox, runs: int, concurrency: int, with_filter: bool = False) -> list[dict[str, Any]]:
    args = [str(concurrency)] + (["--filter"] if with_filter else [])
    return [run_driver("drv_workspace", args, sandbox.env(), timeout=900)[0] for _ in range(runs)]


def bench_large(plan: Plan, conc: list[dict], seq: list[dict]) -> list[dict[str, Any]]:
    n = plan.large
    first50 = [r["first50_s"] for r in conc]
    floor = [min(r["http_first_page_s"]) for r in conc]
    all_conc = [r["all_media_s"] for r in conc]
    all_seq = [r["all_media_s"] for r in seq]
    speedup = summary(all_seq)["median"] / summary(all_conc)["median"]
    rss = [r["peak_rss_mb"] for r in conc]
    rss_idle = [r["rss_before_mb"] for r in conc]
    filt = [t for r in conc for t in r.get("filter_ms", [])]
    filt_bare = [t for r in conc for t in r.get("filter_baseline_ms", [])]
    c = conc[0]["concurrency"]
    rows = [
        figure(f"3a. First 50 media rows painted ({n:,} media, 50 ms/request)", first50, floor, "s", "< 0.4 s",
               summary(first50)["median"] < 0.4, baseline_name="one plain GET of page 1"),
        figure(f"3b. All {n:,} media rows, concurrent paging (×{c})", all_conc, all_seq, "s",
               "≥ 3× faster than sequential", speedup >= 3, baseline_name="same loader, concurrency 1",
               note=f"speed-up {speedup:.2f}×"),
        *stall_figures(n, conc),
        figure(f"3e. Peak RSS after loading {n:,} media", rss, rss_idle, "MB", "< 300 MB",
               max(rss) < 300, baseline_name="same window before loading"),
        figure(f"4. Text filter per keystroke over {n:,} rows", filt, filt_bare, "ms", "< 50 ms (every keystroke)",
               bool(filt) and max(filt) < 50, baseline_name="QStandardItemModel + QSortFilterProxyModel",
               note=f"{len(filt)} keystrokes; the pane's {conc[0].get('filter_debounce_ms', '?')} ms typing "
                    "debounce not included"),
    ]
    return rows


def stall_figures(n: int, conc: list[dict]) -> list[dict[str, Any]]:
    """3c/3d for one workspace size: the longest gap of every load (the worst load decides) and
    the median of the loads' 99th percentiles."""
    stall_max = [r["stall"]["max_ms"] for r in conc]
    stall_p99 = [r["stall"]["p99_ms"] for r in conc]
    idle_max = [r["idle_stall"]["max_ms"] for r in conc]
    idle_p99 = [r["idle_stall"]["p99_ms"] for r in conc]
    return [
        figure(f"3c. Longest main-thread stall during the load, {n:,} media (worst of {len(conc)} loads)",
               stall_max, idle_max, "ms", "< 50 ms", max(stall_max) < 50, baseline_name="same meter, window idle"),
        figure(f"3d. Main-thread stall, 99th percentile, {n:,} media", stall_p99, idle_p99, "ms", "< 16 ms",
               summary(stall_p99)["median"] < 16, baseline_name="same meter, window idle"),
    ]


def bench_thumbs(plan: Plan, sandbox: Sandbox) -> list[dict[str, Any]]:
    out = [run_driver("drv_thumbs", [], sandbox.env())[0] for _ in range(plan.thumb_runs)]
    cold = [r["cold_s"] for r in out]
    cached = [r["cached_s"] for r in out]
    return [
        figure("5a. 50 visible thumbnails, cold", cold, [r["bare_cold_s"] for r in out], "s", "< 1 s",
               summary(cold)["median"] < 1.0, baseline_name="httpx ×6 threads + QImage decode"),
        figure("5b. 50 visible thumbnails, from the disk cache", cached, [r["bare_cached_s"] for r in out], "s",
               "< 0.15 s", summary(cached)["median"] < 0.15, baseline_name="read 50 files + QImage decode"),
    ]


def bench_growth(plan: Plan, measured: dict[int, tuple[list, list]]) -> tuple[list[dict], list[dict]]:
    rows = []
    table = []
    per_row = {}
    for n in plan.growth:
        conc, seq = measured[n]
        all_conc = [r["all_media_s"] for r in conc]
        all_seq = [r["all_media_s"] for r in seq]
        per_row[n] = summary(all_conc)["median"] / n * 1000  # s per 1,000 rows
        rows.append(figure(f"6. All {n:,} media rows (growth)", all_conc, all_seq, "s",
                           "linear or better", True, baseline_name="same loader, concurrency 1"))
        table.append({
            "media": n, "first50_s": summary([r["first50_s"] for r in conc]),
            "all_media_s": summary(all_conc), "sequential_s": summary(all_seq),
            "s_per_1000_rows": per_row[n],
            "stall_max_ms": summary([r["stall"]["max_ms"] for r in conc]),
            "stall_p99_ms": summary([r["stall"]["p99_ms"] for r in conc]),
            "peak_rss_mb": summary([r["peak_rss_mb"] for r in conc]),
            "gc_gen2_max_ms": summary([r["gc"]["gen2_max_ms"] for r in conc]),
        })
    for n in plan.growth:
        if n != plan.large:  # the large size's stall figures come with its other figures
            rows += stall_figures(n, measured[n][0])
    smallest, largest = plan.growth[0], plan.growth[-1]
    growth = per_row[largest] / per_row[smallest]
    linear = growth <= 1.25
    growth_rows = [row for row in rows if row["figure"].startswith("6.")]
    for row in growth_rows:
        row["met"] = linear
    growth_rows[-1]["note"] = f"cost per 1,000 rows ×{growth:.2f} from {smallest:,} to {largest:,} media"
    return rows, table


# ---------------------------------------------------------------------- output

def _fmt(s: dict[str, Any], unit: str) -> str:
    scale, digits = (1000.0, 0) if unit == "s" and s["median"] < 1 else (1.0, 2 if unit == "s" else 1)
    shown = "ms" if unit == "s" and scale == 1000 else unit
    return (f"{s['median'] * scale:.{digits}f} [{s['min'] * scale:.{digits}f}–{s['max'] * scale:.{digits}f}] "
            f"{shown}")


def render(figures: list[dict[str, Any]], growth: list[dict[str, Any]]) -> str:
    header = ("figure", "ours median [min–max]", "baseline median [min–max]", "ratio", "target", "met?")
    lines = [header]
    for f in figures:
        ratio = f"{f['ratio']:.2f}" if f["ratio"] is not None else "—"
        lines.append((f["figure"], _fmt(f["ours"], f["unit"]), _fmt(f["baseline"], f["unit"]), ratio,
                      f["target"], "—" if f["met"] is None else "yes" if f["met"] else "NO"))
    out = ["| " + " | ".join(row) + " |" for row in lines]
    out.insert(1, "|" + "|".join("---" for _ in header) + "|")
    notes = [f"- {f['figure'].split(' ', 1)[0]} {f['note']}" for f in figures if f.get("note")]
    if notes:
        out += ["", "Notes:", *notes]
    out.append("")
    out.append("| media | first 50 rows | all rows (concurrent) | all rows (sequential) | s per 1,000 rows "
               "| stall max | stall p99 | peak RSS | longest GC pause |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for g in growth:
        out.append(f"| {g['media']:,} | {_fmt(g['first50_s'], 's')} | {_fmt(g['all_media_s'], 's')} | "
                   f"{_fmt(g['sequential_s'], 's')} | {g['s_per_1000_rows']:.3f} | {_fmt(g['stall_max_ms'], 'ms')} | "
                   f"{_fmt(g['stall_p99_ms'], 'ms')} | {_fmt(g['peak_rss_mb'], 'MB')} | {_fmt(g['gc_gen2_max_ms'], 'ms')} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each (CI: checks it runs)")
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default: bench/results/latest.json, "
                                                               "or quick.json with --quick)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    out = args.out or RESULTS / ("quick.json" if args.quick else "latest.json")
    began = time.monotonic()
    log("machine")
    machine = common.machine()
    figures: list[dict[str, Any]] = []
    sandboxes: list[Sandbox] = []

    def sandbox(scale: int | None, faults: str = "") -> Sandbox:
        log(f"sandbox scale={scale} faults={faults or 'none'}")
        box = start_sandbox(scale, faults)
        sandboxes.append(box)
        return box

    def stop(box: Sandbox) -> None:
        box.stop()
        sandboxes.remove(box)

    try:
        seed = sandbox(None)
        log("1. start-up")
        figures += bench_startup(plan, seed)
        log("2. time to first frame")
        figures += bench_ttff(plan, seed)
        stop(seed)

        growth_data: dict[int, tuple[list, list]] = {}
        sizes = sorted(set(plan.growth) | {plan.large})
        for n in sizes:
            box = sandbox(n, LATENCY)
            is_large = n == plan.large
            runs = plan.large_runs if is_large else plan.growth_runs
            seq_runs = plan.seq_runs if is_large else plan.growth_seq_runs
            log(f"3/4/6. {n:,} media: {runs} concurrent runs, {seq_runs} sequential")
            conc = workspace_runs(box, runs, 0, with_filter=is_large)
            seq = workspace_runs(box, seq_runs, 1)
            growth_data[n] = (conc, seq)
            if is_large:
                figures += bench_large(plan, conc, seq)
                log("5. thumbnails")
                figures += bench_thumbs(plan, box)
            stop(box)
        growth_rows, growth_table = bench_growth(plan, growth_data)
        figures += growth_rows
    finally:
        for box in list(sandboxes):
            box.stop()

    machine["load_average_at_end"] = os.getloadavg()
    order = {f["figure"]: i for i, f in enumerate(figures)}
    figures.sort(key=lambda f: (int(f["figure"][0]), order[f["figure"]]))
    table = render(figures, growth_table)
    print(table)
    elapsed = time.monotonic() - began
    print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM, {machine['os']}, "
          f"Python {machine['python']}, Qt {machine.get('qt')} (PySide6 {machine.get('pyside6')}), "
          f"libVLC {machine.get('libvlc')}; {'quick' if args.quick else 'full'} run in {elapsed:.0f} s")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"mode": "quick" if args.quick else "full", "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                               "elapsed_s": elapsed, "machine": machine, "plan": plan.__dict__,
                               "figures": figures, "growth": growth_table, "table": table}, indent=2))
    log(f"wrote {out}")
    from bench.plots import write_plots

    pngs = write_plots(json.loads(out.read_text()), out)
    log("wrote " + ", ".join(str(p) for p in pngs) if pngs
        else "no plots: matplotlib is not installed (the bench extra: pip install -e '.[bench]')")
    return 0
