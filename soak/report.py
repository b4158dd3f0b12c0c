"""The soak's plain-text table (what the README's Reliability section quotes)."""

from __future__ import annotations

from typing import Any

from soak import faults
from soak.memory import ascii_curve

# How a failed API call reaches the user, by the API layer's error type.
ERROR_KINDS = {
    "ServerError": "5xx after the retry budget",
    "RateLimitedError": "429 not cleared by Retry-After",
    "ProtocolError": "truncated / not-JSON / HTML / dropped answer",
    "RequestTimeout": "too slow (latency, drip) for the deadline",
    "NetworkError": "connection failed",
}


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()


def _table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [title, _row(header, widths), _row(["-" * w for w in widths], widths)]
    lines += [_row([str(c) for c in r], widths) for r in rows]
    return "\n".join(lines)


def render(result: dict[str, Any]) -> str:
    served = result.get("faults_served", {})
    http = result.get("http", {})
    outcomes = http.get("call_outcomes", {})
    saw = result.get("user_saw", {})
    stall = result.get("stall", {})
    parts = []

    kinds = [[k, str(served.get(k, 0)), "yes" if served.get(k, 0) > 0 else "NO"] for k in faults.EXPECTED_KINDS]
    parts.append(_table("Faults served by the sandbox", ["fault kind", "served", "> 0"], kinds))

    calls = http.get("api_calls", 0)
    first_try = outcomes.get("ok", 0)
    retried = outcomes.get("ok-after-retry", 0)
    errors = http.get("api_errors", {})
    rows = [["API/stream-host calls (retries included in one call)", str(calls)],
            ["  answered at the first attempt", str(first_try)],
            ["  recovered silently by a retry", str(retried)],
            ["  most attempts for one call", str(http.get("max_attempts_per_call", 0))]]
    for name, count in sorted(errors.items(), key=lambda kv: -kv[1]):
        if name != "Cancelled":
            rows.append([f"  failed, user told plainly: {ERROR_KINDS.get(name, name)}", str(count)])
    if errors.get("Cancelled"):
        rows.append(["  cancelled (user moved on)", str(errors["Cancelled"])])
    for kind, label in (("banner", "list banners with Retry"), ("player", "player messages with Retry"),
                        ("dialog", "error dialogs"), ("status", "status-bar notes")):
        rows.append([f"messages seen by the driver: {label}", str(saw.get(kind, {}).get("count", 0))])
    states = saw.get("player_states_entered", {})
    if states:
        rows.append(["player states entered (sampled)", ", ".join(f"{k} {v}" for k, v in sorted(states.items()))])
    parts.append(_table("How faults ended for the user", ["", "count"], rows))

    warm, end = result.get("rss_warm_mb"), result.get("rss_end_mb")
    growth = f"{end - warm:+.0f} MB" if isinstance(warm, int | float) and isinstance(end, int | float) else "?"
    health = [
        ["crash", result.get("crash") or "none"],
        ["unhandled exceptions", str(len(result.get("unhandled_exceptions", [])))],
        ["unexpected errors (handled, logged)", str(len(result.get("unexpected_errors_logged", [])))],
        ["requests still open at the end", str(result.get("open_requests_at_end", "?"))],
        ["main-thread stalls p50 / p99 / max",
         f"{stall.get('p50_ms', '?')} / {stall.get('p99_ms', '?')} / {stall.get('max_ms', '?')} ms"],
        ["  gaps over 50 ms / 250 ms / 2 s",
         f"{stall.get('over_50ms', '?')} / {stall.get('over_250ms', '?')} / {stall.get('over_2s', '?')}"],
        ["RSS after warm-up -> end", f"{_mb(warm)} -> {_mb(end)} ({growth})"],
        ["  median of the first window after warm-up -> of the last window (a minute, or a tenth of a long run)",
         " -> ".join(_mb(v) for v in result.get("rss_growth_window_mb", [None, None]))],
        ["C heap in use (malloc) at warm-up -> end", _heap(result)],
        ["RSS anonymous / file-backed pages at warm-up -> end", _parts(result)],
        ["main windows / player panels alive at the end",
         f"{result.get('main_windows_alive', '?')} / {result.get('player_panels_alive', '?')}"],
        ["driver actions", str(sum(result.get("actions", {}).values()))],
        ["driven for", f"{result.get('driven_s', '?')} s (seed {result.get('seed')})"],
    ]
    parts.append(_table("Health", ["check", "result"], health))
    long_gaps = _long_gaps(stall.get("long_gaps") or [], result.get("action_timeline") or [])
    if long_gaps:
        parts.append(_table("Gaps over 250 ms, with what the driver did meanwhile",
                            ["ended at", "gap", "driver actions finished in it (or just after)"], long_gaps))
    actions = [[name, str(n)] for name, n in result.get("actions", {}).items()]
    parts.append(_table("What the driver did", ["action", "times"], actions))
    if result.get("rss_curve"):
        parts.append(ascii_curve(result["rss_curve"]))
    if result.get("objects_grown"):
        grown = [[k, f"{v:+d}"] for k, v in result["objects_grown"].items() if v > 0][:20]
        parts.append(_table("Live objects grown after warm-up (--diagnose)", ["type", "count"], grown))
    if result.get("tracemalloc_growth"):
        sites = [[f"{s['kb']:+.0f} KB", str(s["count"]), s["where"][-1]] for s in result["tracemalloc_growth"][:15]]
        parts.append(_table("Allocation growth after warm-up (--diagnose)", ["size", "blocks", "where"], sites))
    return "\n\n".join(parts)


def _long_gaps(gaps: list[Any], timeline: list[Any]) -> list[list[str]]:
    """Each long gap beside the driver's actions that finished within it: the driver acts on
    the main thread, so its own action (a window closed and opened again) is often the gap.
    Timeline times are rounded to 0.1 s, hence the margin."""
    rows = []
    for ended, ms in gaps:
        began = ended - ms / 1000.0
        names = [name for at, name in timeline if began - 0.1 <= at <= ended + 0.1]
        rows.append([f"{ended:.1f} s", f"{ms:.0f} ms", "; ".join(names) or "(none)"])
    return rows


def _heap(result: dict[str, Any]) -> str:
    """Bytes malloc has handed out, not RSS: rising with RSS is a leak; flat while RSS rises is
    memory freed but kept by the allocator."""
    return _warm_to_end(result.get("malloc_in_use_curve") or [], result.get("rss_warm_at_s"))


def _parts(result: dict[str, Any]) -> str:
    """Which kind of page RSS gained: anonymous (heaps, decoder buffers) or file-backed (fonts,
    libraries mapped late)."""
    parts = result.get("rss_parts_curve") or {}
    warm_at = result.get("rss_warm_at_s")
    return " / ".join(_warm_to_end(parts.get(part) or [], warm_at) for part in ("anon", "file"))


def _warm_to_end(curve: list[Any], warm_at: Any) -> str:
    """A sampled curve's first value at or after warm-up -> its last value."""
    if not curve:
        return "?"
    warm = next((mb for at, mb in curve if isinstance(warm_at, int | float) and at >= warm_at), curve[0][1])
    return f"{_mb(warm)} -> {_mb(curve[-1][1])}"


def _mb(value: Any) -> str:
    return f"{value:.0f} MB" if isinstance(value, int | float) else "?"
