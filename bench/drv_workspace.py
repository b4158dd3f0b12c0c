"""Large workspace: the real MainWindow loading the sandbox's media (FASTPIX_* variables).

Measures, in one process: first 50 media rows painted, all media rows loaded, the longest
main-thread stall during the whole load (1 ms timer), peak RSS; optionally the text filter
per keystroke against a bare QSortFilterProxyModel over the same texts.

`python -m bench.drv_workspace CONCURRENCY [--filter]` (CONCURRENCY 0: the client's default)
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench.common import emit, finish


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def http_first_page(workspace) -> float:
    """The network floor for the first 50 rows: one plain GET of page 1 and its JSON."""
    import httpx

    start = time.monotonic()
    response = httpx.get(f"{workspace.endpoints.api_base}/on-demand",
                         params={"limit": 50, "offset": 1, "orderBy": "desc"},
                         auth=(workspace.token_id, workspace.secret_key), timeout=30)
    response.raise_for_status()
    response.json()
    return time.monotonic() - start


def measure_filter(app, pane, keystrokes: list[str]) -> list[float]:
    """Per keystroke: the filter box changes, the pane applies the filter (what its debounce
    timer calls), and the event loop runs once, which repaints the view (its update request)."""
    times = []
    for text in keystrokes:
        start = time.monotonic()
        pane.filter_edit.setText(text)
        pane.apply_text_filter()
        app.processEvents()
        times.append((time.monotonic() - start) * 1000)
    return times


def measure_bare_filter(app, model, keystrokes: list[str]) -> list[float]:
    """The same keystrokes through a plain QStandardItemModel + QSortFilterProxyModel."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTreeView

    columns = model.columnCount()
    bare = QStandardItemModel(0, columns)
    for row in range(model.rowCount()):
        bare.appendRow([QStandardItem(str(model.index(row, c).data() or "")) for c in range(columns)])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(bare)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setModel(proxy)
    view.resize(600, 500)
    view.show()
    app.processEvents()
    times = []
    for text in keystrokes:
        start = time.monotonic()
        proxy.setFilterFixedString(text)
        app.processEvents()
        times.append((time.monotonic() - start) * 1000)
    view.close()
    return times


def main() -> int:
    concurrency = int(sys.argv[1])
    with_filter = "--filter" in sys.argv[2:]
    from fastpix_viewer.ui.core.memory_trim import limit_arenas

    # The app's own start (launch.main) caps glibc's malloc arenas before any thread starts;
    # without it this driver would measure a process the app never is (peak RSS, figure 3e).
    limit_arenas()
    from fastpix_viewer.api.step_aside import shorten_gil_slices

    shorten_gil_slices()  # as launch.main does
    from PySide6.QtWidgets import QApplication

    from bench.common import HEADLESS_VLC
    from bench.paint_probe import FirstPaint
    from bench.qtwait import settle, wait_until
    from bench.stall_meter import StallMeter
    patched = os.environ.get("FPV_BENCH_LOADER_FILE")  # what-if: a proposed paged_loader.py
    if patched:
        import importlib.util

        spec = importlib.util.spec_from_file_location("fastpix_viewer.ui.shell.paged_loader", patched)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    from fastpix_viewer.api.client import FastPixClient
    from fastpix_viewer.api.config import workspace_from_env
    from fastpix_viewer.ui.app.launch import POOL_THREADS
    from fastpix_viewer.ui.core.session import Session
    from fastpix_viewer.ui.core.settings import UiSettings
    from fastpix_viewer.ui.core.worker import WorkerPool
    from fastpix_viewer.ui.lists.record_list import FILTER_DEBOUNCE_MS
    from fastpix_viewer.ui.playback import vlc_setup
    from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, MainWindow

    slow_to = os.environ.get("FPV_BENCH_SLOW_EVENTS")
    if slow_to:
        from bench.slow_events import TimingApplication

        app = TimingApplication(sys.argv[:1])
    else:
        app = QApplication(sys.argv[:1])
    if os.environ.get("FPV_BENCH_SWITCH_INTERVAL"):  # what-if experiments (see README)
        sys.setswitchinterval(float(os.environ["FPV_BENCH_SWITCH_INTERVAL"]))
    vlc_setup.configure(HEADLESS_VLC)
    workspace = workspace_from_env()
    assert workspace is not None, "FASTPIX_* variables are not set"
    options = {"concurrency": concurrency} if concurrency > 0 else {}
    client = FastPixClient(workspace, **options)
    pool = WorkerPool(POOL_THREADS)
    from fastpix_viewer.ui.core.long_lived import freeze_start_up

    freeze_start_up()  # as launch.main does, once its modules are imported
    window = MainWindow(Session(workspace, client), pool, UiSettings(Path(tempfile.mkdtemp())))
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    window.show()
    settle(0.3)
    http_floor = [http_first_page(workspace) for _ in range(3)]

    meter = StallMeter()
    meter.start()
    settle(1.0)
    idle = meter.stop()
    rss_before = rss_mb()

    whatif = os.environ.get("FPV_BENCH_WHATIF", "")
    if whatif == "batch":
        from bench.whatif import batch_appends

        batch_appends(window)
    marks: dict[str, float] = {}
    pane = window.media_pane
    FirstPaint(pane.view.viewport(), lambda: pane.proxy.rowCount() >= 50,
               lambda at: marks.setdefault("first50", at))
    window.media_loader.finished.connect(lambda _n: marks.setdefault("media_done", time.monotonic()))
    window.media_loader.failed.connect(lambda text: marks.setdefault("failed", time.monotonic()) and print(text))
    profile_to = os.environ.get("FPV_BENCH_PROFILE")  # a path: cProfile of the main thread's load
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    from bench.gc_pauses import GcPauses

    gc_pauses = GcPauses()
    if os.environ.get("FPV_BENCH_GC") == "off":  # what-if: no cyclic GC during the load
        import gc

        gc.disable()
    gc_pauses.start()
    meter.start()
    stacks_to = os.environ.get("FPV_BENCH_STALL_STACKS")
    if stacks_to:
        from bench.stall_stacks import StallStacks

        stacks = StallStacks(meter, stacks_to)
        stacks.start()
    start = time.monotonic()
    window.refresh()
    wait_until(lambda: "media_done" in marks and not window.is_loading() and "first50" in marks,
               600, "the whole workspace")
    everything = time.monotonic()
    load = meter.stop()
    gc_stats = gc_pauses.stop()
    if slow_to:
        app.dump(slow_to, start)
    if stacks_to:
        stacks.stop()
    if profile_to:
        profiler.disable()
        profiler.dump_stats(profile_to)
    if "failed" in marks:
        raise RuntimeError("the media load failed")
    result = {
        "concurrency": client.concurrency, "pool_threads": POOL_THREADS,
        "media_rows": window.media_model.rowCount(), "stream_rows": window.streams_model.rowCount(),
        "first50_s": marks["first50"] - start, "all_media_s": marks["media_done"] - start,
        "everything_s": everything - start, "http_first_page_s": http_floor,
        "stall": load, "idle_stall": idle, "gc": gc_stats, "rss_before_mb": rss_before, "rss_after_mb": rss_mb(),
        "peak_rss_mb": peak_rss_mb(), "whatif": whatif or ("loader-file" if patched else ""),
    }
    settle(0.2)
    paints = []
    for _ in range(10):
        begin = time.monotonic()
        pane.view.viewport().repaint()
        paints.append((time.monotonic() - begin) * 1000)
    result["idle_repaint_ms"] = sorted(paints)[len(paints) // 2]
    if with_filter:
        word = "item 042"
        keys = [word[:i] for i in range(1, len(word) + 1)] + [word[:i] for i in range(len(word) - 1, -1, -1)]
        result["filter_ms"] = measure_filter(app, pane, keys)
        result["filter_visible_after"] = pane.proxy.rowCount()
        pane.filter_edit.setText("")
        pane.apply_text_filter()
        result["filter_baseline_ms"] = measure_bare_filter(app, window.media_model, keys)
        result["filter_keys"] = keys
        result["filter_debounce_ms"] = FILTER_DEBOUNCE_MS
    emit(result)
    window.close()
    window.shutdown()
    pool.shutdown(timeout=1.0)
    client.close()
    vlc_setup.release_shared_instance()
    finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
