"""PNG plots of a bench result, written next to its JSON (issue 15: "look, don't read").

`python -m bench.plots bench/results/latest.json` redraws them from a saved result; `python -m
bench` calls `write_plots` after every run. Needs matplotlib (the bench-only extra); without it
the run says so and writes the JSON and table as before.

- `<stem>-growth.png`: load time, main-thread stalls and peak RSS against workspace size
  (1,000 / 10,000 / 50,000 media), ours beside the same-run baselines, with the targets.
- `<stem>-ratios.png`: every figure as ours / baseline (median, min-max whiskers), with its
  target ratio where the target is one.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

STALL_MAX_TARGET_MS = 50.0
STALL_P99_TARGET_MS = 16.0
RSS_TARGET_MB = 400.0


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")  # no display needed; the bench runs headless
    import matplotlib.pyplot as plt

    return plt


def _median(stat: Any) -> float | None:
    return stat.get("median") if isinstance(stat, dict) else None


def _spread(stats: list[Any]) -> tuple[list[float], list[float]]:
    """Matplotlib's asymmetric error bars (median - min, max - median)."""
    low = [max(0.0, s["median"] - s["min"]) if isinstance(s, dict) else 0.0 for s in stats]
    high = [max(0.0, s["max"] - s["median"]) if isinstance(s, dict) else 0.0 for s in stats]
    return low, high


def _figure(result: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    return next((f for f in result.get("figures", []) if f["figure"].startswith(prefix)), None)


def plot_growth(result: dict[str, Any], path: Path) -> Path | None:
    plt = _pyplot()
    growth = [g for g in result.get("growth", []) if isinstance(g.get("media"), int)]
    if plt is None or not growth:
        return None
    sizes = [g["media"] for g in growth]
    labels = [f"{n:,}" for n in sizes]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))

    ax = axes[0]
    ours = [g["all_media_s"] for g in growth]
    seq = [g["sequential_s"] for g in growth]
    ax.errorbar(sizes, [s["median"] for s in ours], yerr=_spread(ours), marker="o", label="ours (concurrent paging)")
    ax.errorbar(sizes, [s["median"] for s in seq], yerr=_spread(seq), marker="s", linestyle="--",
                label="baseline: sequential paging")
    ax.set_title("All rows loaded (50 ms per API request)")
    ax.set_ylabel("seconds")

    ax = axes[1]
    smax = [g["stall_max_ms"] for g in growth]
    sp99 = [g["stall_p99_ms"] for g in growth]
    ax.errorbar(sizes, [s["median"] for s in smax], yerr=_spread(smax), marker="o", label="ours: longest stall")
    ax.errorbar(sizes, [s["median"] for s in sp99], yerr=_spread(sp99), marker="^", label="ours: 99th percentile")
    idle = _figure(result, "3c.")
    if idle and _median(idle.get("baseline")) is not None:
        scale = 1000.0 if idle.get("unit") == "s" else 1.0
        ax.axhline(idle["baseline"]["median"] * scale, color="grey", linestyle=":", label="baseline: idle window (max)")
    ax.axhline(STALL_MAX_TARGET_MS, color="red", linestyle="--", linewidth=1, label="target max < 50 ms")
    ax.axhline(STALL_P99_TARGET_MS, color="orange", linestyle="--", linewidth=1, label="target p99 < 16 ms")
    ax.set_title("Main-thread stalls during the load")
    ax.set_ylabel("ms")

    ax = axes[2]
    rss = [g["peak_rss_mb"] for g in growth]
    ax.errorbar(sizes, [s["median"] for s in rss], yerr=_spread(rss), marker="o", label="ours: peak RSS after the load")
    before = _figure(result, "3e.")
    if before and _median(before.get("baseline")) is not None:
        ax.axhline(before["baseline"]["median"], color="grey", linestyle=":", label="baseline: window before the load")
    ax.axhline(RSS_TARGET_MB, color="red", linestyle="--", linewidth=1, label="target at 50,000 < 400 MB")
    ax.set_title("Memory")
    ax.set_ylabel("MB")

    for ax in axes:
        ax.set_xscale("log")
        ax.set_xticks(sizes, labels)
        ax.minorticks_off()
        ax.set_xlabel("media in the workspace")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(_caption(result), fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


_TARGET_RATIO = re.compile(r"([≤<>≥])\s*([\d.]+)\s*×")


def plot_ratios(result: dict[str, Any], path: Path) -> Path | None:
    plt = _pyplot()
    rows = [f for f in result.get("figures", []) if f.get("ratio") is not None
            and _median(f.get("ours")) and _median(f.get("baseline"))]
    if plt is None or not rows:
        return None
    fig, ax = plt.subplots(figsize=(11, 0.42 * len(rows) + 1.4))
    names = [f["figure"] for f in rows][::-1]
    rows = rows[::-1]
    ratios = [f["ratio"] for f in rows]
    low = [max(0.0, f["ratio"] - f["ours"]["min"] / f["baseline"]["median"]) for f in rows]
    high = [max(0.0, f["ours"]["max"] / f["baseline"]["median"] - f["ratio"]) for f in rows]
    colours = ["tab:gray" if f.get("met") is None else "tab:green" if f.get("met") else "tab:red" for f in rows]
    ax.barh(names, ratios, xerr=(low, high), color=colours, alpha=0.8)
    for i, f in enumerate(rows):
        match = _TARGET_RATIO.search(str(f.get("target", "")))
        if match:
            wanted = float(match.group(2))
            if "faster" in str(f.get("target")):
                wanted = 1.0 / wanted  # "≥ 3× faster" is a time ratio of at most 1/3
            ax.plot([wanted] * 2, [i - 0.4, i + 0.4], color="black", linewidth=2)
    ax.axvline(1.0, color="grey", linestyle=":")
    ax.set_xscale("log")
    ax.set_xlabel("ours / same-run baseline (median; whiskers: our min-max)\n"
                  "black tick: target ratio; green: target met; grey: reported, no target")
    ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(_caption(result), fontsize=8)
    ax.grid(alpha=0.3, axis="x")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def _caption(result: dict[str, Any]) -> str:
    m = result.get("machine", {})
    load = m.get("load_average_at_start")
    load_text = f", load average {load[0]:.1f} at start" if isinstance(load, list | tuple) and load else ""
    return (f"{result.get('mode', '?')} run {result.get('when', '')}: {m.get('cores', '?')} cores{load_text}, "
            f"Python {m.get('python', '?')}, Qt {m.get('qt', '?')}, libVLC {m.get('libvlc', '?')}")


def write_plots(result: dict[str, Any], json_path: Path) -> list[Path]:
    """The PNGs next to `json_path` (`latest.json` -> `latest-growth.png`, `latest-ratios.png`)."""
    stem = json_path.with_suffix("")
    written = [plot_growth(result, Path(f"{stem}-growth.png")), plot_ratios(result, Path(f"{stem}-ratios.png"))]
    return [p for p in written if p is not None]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if _pyplot() is None:
        print("bench.plots: matplotlib is not installed (pip install -e '.[bench]')", file=sys.stderr)
        return 1
    for name in args or ["bench/results/latest.json"]:
        path = Path(name)
        for png in write_plots(json.loads(path.read_text()), path):
            print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
