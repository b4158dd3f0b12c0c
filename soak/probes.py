"""In-process probes for the soak's GUI process: open HTTP requests, attempts per API call and
how each call ended, unhandled exceptions from the app's crash hooks, a main-thread stall meter,
and resident memory. They observe; they never change what the app does."""

from __future__ import annotations

import ctypes
import faulthandler
import logging
import os
import threading
import time
from collections import Counter
from typing import Any


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def rss_parts_mb() -> dict[str, float]:
    """RSS split as the kernel counts it (/proc/self/status): anonymous pages (heaps, libVLC's
    buffers), file-backed pages (libraries, fonts, mapped caches) and shared memory (X images).
    A leak grows the anonymous part; fonts and libraries loaded late grow the file part."""
    parts: dict[str, float] = {}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(("RssAnon:", "RssFile:", "RssShmem:")):
                    name, kb = line.split()[:2]
                    parts[name[3:-1].lower()] = round(int(kb) / 1024, 1)
    except OSError:
        pass
    return parts


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def malloc_in_use_mb() -> float | None:
    """Bytes the C heap has handed out and not had back (glibc's mallinfo2, every arena):
    with RSS it tells a leak (this grows too) from memory freed but kept by malloc (it does
    not). None where there is no glibc."""
    try:
        libc = ctypes.CDLL(None)
        info = libc.mallinfo2
    except (OSError, AttributeError):
        return None
    info.restype = _MallInfo2
    got = info()
    return (got.uordblks + got.hblkhd) / 2**20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


class HttpProbe:
    """Wraps httpx's transport (every byte the app's clients send) and the API layer's
    `HttpTransport.request` (one logical call, retries included) and `FastPixClient._call`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.in_flight = 0
        self.peak_in_flight = 0
        self.sent = 0
        self.calls = 0
        self.max_attempts = 0
        self.attempts_hist: Counter[int] = Counter()
        self.outcomes: Counter[str] = Counter()  # ok / ok-after-retry / error:<Class>
        self.call_errors: Counter[str] = Counter()  # FastPixClient._call: error class
        self._local = threading.local()

    def install(self) -> None:
        import httpx

        from fastpix_viewer.api.client import FastPixClient
        from fastpix_viewer.api.http import HttpTransport

        probe = self
        original_handle = httpx.HTTPTransport.handle_request

        def handle_request(transport: Any, request: Any) -> Any:
            with probe._lock:
                probe.in_flight += 1
                probe.sent += 1
                probe.peak_in_flight = max(probe.peak_in_flight, probe.in_flight)
            counter = getattr(probe._local, "attempts", None)
            if counter is not None:
                probe._local.attempts = counter + 1
            try:
                response = original_handle(transport, request)
            except BaseException:
                probe._done()
                raise
            # The request stays open until its body is read and the stream closed.
            response.stream = _tracked_stream(response.stream, probe._done)
            return response

        httpx.HTTPTransport.handle_request = handle_request

        original_request = HttpTransport.request

        def request(transport: Any, method: str, url: str, **kwargs: Any) -> Any:
            probe._local.attempts = 0
            try:
                result = original_request(transport, method, url, **kwargs)
            except BaseException as problem:
                probe._record(f"error:{type(problem).__name__}")
                raise
            probe._record("ok" if result.status < 400 else f"status:{result.status}")
            return result

        HttpTransport.request = request

        original_call = FastPixClient._call

        def call(client: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return original_call(client, *args, **kwargs)
            except BaseException as problem:
                with probe._lock:
                    probe.call_errors[type(problem).__name__] += 1
                raise

        FastPixClient._call = call

    def _done(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _record(self, outcome: str) -> None:
        attempts = getattr(self._local, "attempts", 0) or 0
        self._local.attempts = None
        with self._lock:
            self.calls += 1
            self.attempts_hist[attempts] += 1
            self.max_attempts = max(self.max_attempts, attempts)
            if outcome == "ok" and attempts > 1:
                outcome = "ok-after-retry"
            self.outcomes[outcome] += 1

    def open_requests(self) -> int:
        with self._lock:
            return self.in_flight

    def summary(self) -> dict[str, Any]:
        with self._lock:
            return {
                "http_requests_sent": self.sent, "peak_in_flight": self.peak_in_flight,
                "api_calls": self.calls, "max_attempts_per_call": self.max_attempts,
                "attempts_per_call": {str(k): v for k, v in sorted(self.attempts_hist.items())},
                "call_outcomes": dict(self.outcomes), "api_errors": dict(self.call_errors),
            }


def _tracked_stream(inner: Any, on_close: Any) -> Any:
    """An httpx byte stream that reports once when it is closed (the request is over then)."""
    import httpx

    class TrackedStream(httpx.SyncByteStream):
        closed = False

        def __iter__(self) -> Any:
            yield from inner

        def close(self) -> None:
            try:
                inner.close()
            finally:
                if not self.closed:
                    self.closed = True
                    on_close()

    return TrackedStream()


class ExceptionProbe(logging.Handler):
    """Counts what the app's crash hooks log (uncaught exceptions, main thread or workers),
    and handled-but-unexpected errors (ERROR records with a traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.unhandled: list[str] = []
        self.unexpected: list[str] = []
        self.qt_warnings: Counter[str] = Counter()

    def install(self) -> None:
        logging.getLogger().addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "fastpix_viewer.crash" and record.levelno >= logging.CRITICAL:
            self.unhandled.append(self._describe(record))
        elif record.levelno >= logging.ERROR and record.exc_info and record.name.startswith("fastpix_viewer"):
            self.unexpected.append(self._describe(record))
        elif "qt" in record.name.lower() and record.levelno >= logging.WARNING:
            self.qt_warnings[record.getMessage()[:160]] += 1

    @staticmethod
    def _describe(record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            import traceback

            text += "\n" + "".join(traceback.format_exception(*record.exc_info))[-3000:]
        return text


LONG_GAP_MS = 250.0  # the limit for the soak: each longer gap is listed with its time


class StallMeter:
    """A 5 ms precise timer on the main thread: the gap between ticks is how long the event loop
    was busy (a 400 ms gap means a click would have waited up to 400 ms)."""

    INTERVAL_MS = 5

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self._started = 0.0
        self.gaps: list[float] = []
        self.long_gaps: list[tuple[float, float]] = []  # (s since start when it ended, ms)
        self._stacks: Any = None

    def start(self) -> None:
        self._last = self._started = time.monotonic()
        stacks = os.environ.get("FPV_SOAK_STALL_STACKS")  # diagnosis: what ran in a long gap
        self._stacks = open(stacks, "w") if stacks else None
        self._timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        gap = (now - self._last) * 1000.0
        self.gaps.append(gap)
        if gap > LONG_GAP_MS:  # when: matched against the driver's timeline in the report
            self.long_gaps.append((round(now - self._started, 2), round(gap, 1)))
            if self._stacks is not None:
                self._stacks.write(f"=== the stacks above: a gap of {gap:.0f} ms, ended at {now - self._started:.2f} s\n")
                self._stacks.flush()
        self._last = now
        if self._stacks is not None:
            # faulthandler's own thread writes every thread's stack if the next tick is this
            # late (no GIL needed: see bench/stall_stacks.py).
            faulthandler.dump_traceback_later(LONG_GAP_MS / 1000 * 0.8, repeat=False, file=self._stacks)

    def stop(self) -> dict[str, Any]:
        self._timer.stop()
        if self._stacks is not None:
            faulthandler.cancel_dump_traceback_later()
            self._stacks.close()
            self._stacks = None
        gaps = self.gaps
        return {
            "ticks": len(gaps), "p50_ms": round(percentile(gaps, 50), 1), "p99_ms": round(percentile(gaps, 99), 1),
            "max_ms": round(max(gaps) if gaps else 0.0, 1),
            "over_50ms": sum(1 for g in gaps if g > 50), "over_250ms": sum(1 for g in gaps if g > 250),
            "over_2s": sum(1 for g in gaps if g > 2000),
            "long_gaps": self.long_gaps,
        }
