"""Memory watch for the soak's GUI process: RSS sampled every 10 s (the curve), and on request
(`--diagnose`) what grew between the end of warm-up and the end of the run: tracemalloc's top
allocation sites and the live-object counts by type (records, models, QPixmaps, libVLC objects,
log handlers). Observes only; the object census walks `gc.get_objects()` twice, which costs a
stall, so it is off unless asked for."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections import Counter
from typing import Any

from soak.probes import malloc_in_use_mb, rss_mb, rss_parts_mb

SAMPLE_EVERY_MS = 10_000
MAX_GROWTH = 0.20  # RSS after warm-up may grow at most 20 % by the end of the run


def type_census() -> Counter[str]:
    counts: Counter[str] = Counter()
    for obj in gc.get_objects():
        kind = type(obj)
        counts[f"{kind.__module__}.{kind.__qualname__}"] += 1
    return counts


def image_census(chains: int = 0) -> dict[str, Any]:
    """Decoded pictures alive (their pixels are native memory, which tracemalloc cannot see):
    QImage/QPixmap wrappers, how many objects are frozen out of the GC's reach, and with
    `chains` the types on the way to that many of them (slow: each step scans the heap)."""
    from PySide6.QtGui import QImage, QPixmap

    images = [o for o in gc.get_objects() if isinstance(o, QImage | QPixmap)]
    found: Counter[str] = Counter()
    for image in images[:chains]:
        chain, current = [], image
        for _ in range(3):
            holders = [r for r in gc.get_referrers(current) if r is not images and type(r).__name__ != "frame"]
            if not holders:
                break
            current = holders[0]
            kind = type(current).__name__
            if isinstance(current, dict):
                kind += "{" + ",".join(k for k in list(current)[:6] if isinstance(k, str)) + "}"
            chain.append(kind)
        found[" <- ".join(chain)] += 1
    return {"live": len(images), "frozen_objects": gc.get_freeze_count(), "chains": dict(found.most_common())}


class MemoryWatch:
    """RSS every `SAMPLE_EVERY_MS` on the main thread (reading /proc/self/statm takes microseconds)."""

    def __init__(self, diagnose: bool = False) -> None:
        from PySide6.QtCore import QTimer

        self.diagnose = diagnose
        self.samples: list[tuple[float, float]] = []  # (seconds since start, MB)
        self.malloc_samples: list[tuple[float, float]] = []  # (seconds, MB the C heap has handed out)
        self.part_samples: dict[str, list[tuple[float, float]]] = {}  # anon / file / shmem: (seconds, MB)
        self._started = 0.0
        self._timer = QTimer()
        self._timer.setInterval(SAMPLE_EVERY_MS)
        self._timer.timeout.connect(self.sample)
        self._warm_snapshot: Any = None
        self._warm_census: Counter[str] | None = None
        self.warm_s: float | None = None
        if diagnose:
            tracemalloc.start(12)

    def start(self) -> None:
        self._started = time.monotonic()
        self.sample()
        self._timer.start()

    def sample(self) -> float:
        value = rss_mb()
        at = round(time.monotonic() - self._started, 1)
        self.samples.append((at, round(value, 1)))
        in_use = malloc_in_use_mb()
        if in_use is not None:
            self.malloc_samples.append((at, round(in_use, 1)))
        for part, mb in rss_parts_mb().items():
            self.part_samples.setdefault(part, []).append((at, mb))
        return value

    def warm(self) -> float:
        """The end of warm-up: the reference the growth check compares with."""
        value = self.sample()
        self.warm_s = self.samples[-1][0]
        if self.diagnose:
            gc.collect()
            self._warm_snapshot = tracemalloc.take_snapshot()
            self._warm_census = type_census()
        return value

    def stop(self) -> dict[str, Any]:
        self._timer.stop()
        end = self.sample()
        result: dict[str, Any] = {"rss_curve": self.samples, "rss_warm_at_s": self.warm_s, "rss_end_mb": end,
                                  "malloc_in_use_curve": self.malloc_samples,
                                  "rss_parts_curve": self.part_samples,
                                  "pictures_alive": image_census(3 if self.diagnose else 0)}
        if self.diagnose and self._warm_snapshot is not None and self._warm_census is not None:
            gc.collect()
            snapshot = tracemalloc.take_snapshot()
            stats = snapshot.compare_to(self._warm_snapshot, "traceback")
            result["tracemalloc_growth"] = [
                {"kb": round(s.size_diff / 1024, 1), "count": s.count_diff,
                 "where": [f"{f.filename}:{f.lineno}" for f in s.traceback[-6:]]}
                for s in stats[:25] if s.size_diff > 0
            ]
            census = type_census()
            grown = Counter({k: census[k] - self._warm_census.get(k, 0) for k in census})
            result["objects_grown"] = dict(grown.most_common(40))
            traced, peak = tracemalloc.get_traced_memory()
            result["tracemalloc_mb"] = {"now": round(traced / 2**20, 1), "peak": round(peak / 2**20, 1)}
            tracemalloc.stop()
        return result


WINDOW_MIN_S = 60.0  # the growth check compares medians over windows of at least a minute
WINDOW_FRACTION = 0.1  # ... and of a tenth of the run after warm-up in long runs


def growth_window_s(warm_at: float, end_at: float) -> float:
    """How long each of the two compared windows is: a minute, or a tenth of the run after
    warm-up when that is longer (3 minutes of a 30-minute run)."""
    return max(WINDOW_MIN_S, WINDOW_FRACTION * (end_at - warm_at))


def growth_window_medians(result: dict[str, Any]) -> tuple[float | None, float | None]:
    """Median RSS over the window after warm-up and over the last window of the run.

    Loading a list or opening a video lifts RSS for a sample or two (freed memory is then
    returned, see `fastpix_viewer.ui.core.memory_trim`); a leak lifts the floor. Medians follow
    the floor, single samples follow the spikes. A minute is six samples: in the 30-minute run
    of 2026-12-05 three of the last six were spikes (+80-180 MB each, gone ten seconds later)
    and decided the verdict alone (+45 %), while the median of each 5 minutes moved 232 -> 260
    MB and the lowest sample 195 -> 205 MB. Longer runs therefore compare longer windows."""
    curve = result.get("rss_curve") or []
    warm_at = result.get("rss_warm_at_s")
    if not curve or not isinstance(warm_at, int | float):
        return result.get("rss_warm_mb"), result.get("rss_end_mb")
    end_at = curve[-1][0]
    window = growth_window_s(warm_at, end_at)
    first = [mb for at, mb in curve if warm_at <= at <= min(warm_at + window, end_at)]
    last = [mb for at, mb in curve if at >= max(warm_at, end_at - window)]
    return statistics.median(first), statistics.median(last)


def growth_failure(warm: float | None, end: float | None) -> str | None:
    """The soak's memory verdict, as one plain sentence (None when memory stayed flat)."""
    if not isinstance(warm, int | float) or not isinstance(end, int | float) or warm <= 0:
        return "RSS was not measured after warm-up and at the end"
    growth = (end - warm) / warm
    if growth > MAX_GROWTH:
        return (f"RSS grew {growth:.0%} after warm-up (median of the first window {warm:.0f} MB -> "
                f"of the last window {end:.0f} MB; limit {MAX_GROWTH:.0%})")
    return None


def ascii_curve(samples: list[list[float]] | list[tuple[float, float]], width: int = 50) -> str:
    """The RSS curve as text: one line per sample, a bar per MB (what a terminal shows)."""
    if not samples:
        return "(no RSS samples)"
    top = max(mb for _, mb in samples) or 1.0
    lines = ["RSS every 10 s (MB)"]
    for at, mb in samples:
        lines.append(f"{at:7.0f} s {mb:7.1f} " + "#" * max(1, round(mb / top * width)))
    return "\n".join(lines)


def plot_curve(result: dict[str, Any], path: Any) -> Any:
    """The RSS curve as a PNG (needs matplotlib, the bench-only extra); None without it."""
    samples = result.get("rss_curve") or []
    try:
        import matplotlib
    except ImportError:
        return None
    if not samples:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.8))
    ax.plot([s for s, _ in samples], [mb for _, mb in samples], marker=".", label="RSS of the app (every 10 s)")
    heap = result.get("malloc_in_use_curve") or []
    if heap:  # rising with RSS: memory in use (a leak); flat: freed memory malloc keeps
        ax.plot([s for s, _ in heap], [mb for _, mb in heap], color="tab:green", linewidth=1,
                label="C heap in use (malloc)")
    parts = result.get("rss_parts_curve") or {}
    for part, colour in (("anon", "tab:purple"), ("file", "tab:brown")):
        if parts.get(part):  # which kind of page grows: heaps and buffers, or mapped files
            ax.plot([s for s, _ in parts[part]], [mb for _, mb in parts[part]], color=colour, linewidth=1,
                    linestyle="-.", label=f"RSS, {'anonymous' if part == 'anon' else 'file-backed'} pages")
    warm_at = result.get("rss_warm_at_s")
    # The verdict's reference: the median of the first window after warm-up (a single sample
    # there can sit in a dip or on a spike).
    warm = (result.get("rss_growth_window_mb") or [None])[0]
    if not isinstance(warm, int | float):
        warm = result.get("rss_warm_mb")
    if isinstance(warm, int | float) and isinstance(warm_at, int | float):
        ax.axvline(warm_at, color="grey", linestyle=":", label="end of warm-up")
        ax.axhline(warm * (1 + MAX_GROWTH), color="red", linestyle="--", linewidth=1,
                   label=f"limit: first window's median + {MAX_GROWTH:.0%}")
    ax.set_xlabel("seconds of chaos soak")
    ax.set_ylabel("MB")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(f"Chaos soak, {result.get('seconds', 0) / 60:.0f} min, seed {result.get('seed')}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
