"""The GIL convoy behind the list's stalls (issue 15), measured on the app's own list.

A repaint of the media list (the app's RecordListPane over 10,000 media parsed by the app's
parser) asks the Python model and delegates thousands of times, each ask taking the GIL
again. This times one repaint (median of 15) alone and beside 1 and 2 worker threads that do
what a loading workspace's workers do (prepare rows), in two set-ups in the same process:
"CPython defaults" (5 ms GIL slice, no step-aside) and "the app" (`api.step_aside`: 1 ms
slice, the view paints in a foreground stretch and the workers' loops pause meanwhile).
Reported as ratios to the repaint alone.

`python -m bench.gil_convoy` (offscreen Qt; about 20 s)
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _media(n: int) -> list:
    from fastpix_viewer.api.models import parse_media

    return [parse_media({"id": f"{i:08d}-0000-4000-8000-000000000000", "status": "Ready",
                         "title": f"Town hall {i}", "createdAt": "2026-11-10T09:30:00Z", "duration": 61.5,
                         "maxResolution": "1080p", "playbackIds": [{"id": f"pb{i:08d}", "accessPolicy": "public"}]})
            for i in range(n)]


def _repaints(pane, app, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pane.view.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000)
        app.processEvents()
    return statistics.median(times)


def _beside_workers(pane, app, media: list, workers: int) -> float:
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            pane.model.prepare_rows(media[:200])  # the loader's per-page work, pause points included

    threads = [threading.Thread(target=busy, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    try:
        return _repaints(pane, app)
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from fastpix_viewer.api import step_aside
    from fastpix_viewer.ui.lists import columns, record_view
    from fastpix_viewer.ui.lists.record_list import MEDIA_STATUS_OPTIONS, RecordListPane

    app = QApplication(sys.argv[:1])
    pane = RecordListPane(columns.media_model(), status_options=MEDIA_STATUS_OPTIONS)
    pane.resize(1000, 700)
    pane.show()
    media = _media(10_000)
    pane.model.append_rows(pane.model.prepare_rows(media))
    app.processEvents()
    results: dict[str, dict[str, float]] = {}
    for setup in ("CPython defaults", "the app"):
        if setup == "the app":
            step_aside.shorten_gil_slices()
            record_view.foreground = step_aside.foreground
        else:
            sys.setswitchinterval(0.005)
            record_view.foreground = contextlib.nullcontext  # the view marks nothing
        alone = _repaints(pane, app)
        row = {"alone_ms": alone}
        for workers in (1, 2):
            row[f"beside_{workers}_ms"] = _beside_workers(pane, app, media, workers)
            row[f"beside_{workers}_ratio"] = row[f"beside_{workers}_ms"] / alone
        results[setup] = row
        print(f"{setup:17}: repaint alone {alone:6.1f} ms; beside 1 busy worker {row['beside_1_ms']:7.1f} ms "
              f"({row['beside_1_ratio']:.1f}x); beside 2 {row['beside_2_ms']:7.1f} ms ({row['beside_2_ratio']:.1f}x)")
    print(json.dumps(results))
    pane.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
