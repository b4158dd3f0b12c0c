"""50 visible thumbnails through the app's `ThumbnailService` (ui/thumbnails.py): cold (empty
disk cache, empty memory) and from the disk cache (a fresh service on the same folder),
against a bare fetch of the same 50 pictures (httpx, 6 threads, QImage decode) and a bare
read of the same bytes from files.

Timed from showing a list of 50 ready media (the paint asks for the pictures) until every
visible row's picture is in memory and repainted.

`python -m bench.drv_thumbs`
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import emit, finish

VISIBLE = 50


def main() -> int:
    from fastpix_viewer.api.step_aside import shorten_gil_slices

    shorten_gil_slices()  # as launch.main does: measure the process the app is (the baseline shares it)
    import httpx
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication, QTreeView

    from bench.qtwait import wait_until
    from fastpix_viewer.api import PlaybackPlan
    from fastpix_viewer.api.client import FastPixClient
    from fastpix_viewer.api.config import workspace_from_env
    from fastpix_viewer.api.playback import thumbnail_url
    from fastpix_viewer.cache.thumbnails import wants_thumbnail
    from fastpix_viewer.ui.app.launch import POOL_THREADS
    from fastpix_viewer.ui.core.worker import WorkerPool
    from fastpix_viewer.ui.lists import columns
    from fastpix_viewer.ui.lists.thumbnails import LIST_ICON_SIZE, LIST_SPEC, ThumbnailService

    QApplication(sys.argv[:1])
    from fastpix_viewer.ui.core.long_lived import freeze_start_up

    freeze_start_up()  # as launch.main does, once its modules are imported
    if os.environ.get("FPV_BENCH_THUMB_RUNNING"):  # what-if: more jobs in flight
        import fastpix_viewer.ui.lists.thumbnails as thumbnails

        thumbnails.MAX_RUNNING = int(os.environ["FPV_BENCH_THUMB_RUNNING"])
    workspace = workspace_from_env()
    assert workspace is not None, "FASTPIX_* variables are not set"
    client = FastPixClient(workspace)
    pool = WorkerPool(POOL_THREADS)
    media: list = []
    page = 1
    while len(media) < VISIBLE:
        got = client.media_page(page)
        media += [m for m in got.items if wants_thumbnail(m)
                  and isinstance(client.choose_playback(m), PlaybackPlan)]
        if not got.items:
            break
        page += 1
    media = media[:VISIBLE]
    assert len(media) == VISIBLE, f"only {len(media)} ready media with a playable ID"
    cache_dir = Path(tempfile.mkdtemp())

    def app_run() -> float:
        service = ThumbnailService(pool, client, cache_dir)
        model = columns.media_model(None, decoration=service.decoration)
        service.attach(model)
        model.append_rows(model.prepare_rows(media))
        view = QTreeView()
        view.setUniformRowHeights(True)
        view.setIconSize(LIST_ICON_SIZE)
        view.setModel(model)
        view.resize(900, 60 * VISIBLE)  # every row on screen
        start = time.monotonic()
        view.show()
        wait_until(lambda: all(service.memory.get((m.id, LIST_SPEC)) is not None for m in media)
                   and service.pending() == 0, 60, "50 thumbnails")
        view.viewport().repaint()  # the last picture drawn
        elapsed = time.monotonic() - start
        view.close()
        view.deleteLater()
        service.deleteLater()
        return elapsed

    urls = []
    for m in media:
        plan = client.choose_playback(m)
        urls.append(thumbnail_url(client.endpoints, plan.playback_id, fmt=LIST_SPEC.fmt,
                                  width=LIST_SPEC.width, height=LIST_SPEC.height, token=plan.token))
    bare_dir = Path(tempfile.mkdtemp())

    def bare_cold() -> float:
        start = time.monotonic()
        with httpx.Client(timeout=30) as http, ThreadPoolExecutor(6) as threads:
            def one(i_url: tuple[int, str]) -> None:
                data = http.get(i_url[1]).raise_for_status().content
                (bare_dir / f"{i_url[0]}.jpg").write_bytes(data)
                assert QImage.fromData(data).width() > 0
            list(threads.map(one, enumerate(urls)))
        return time.monotonic() - start

    def bare_cached() -> float:
        start = time.monotonic()
        for i in range(len(urls)):
            assert QImage.fromData((bare_dir / f"{i}.jpg").read_bytes()).width() > 0
        return time.monotonic() - start

    result = {"cold_s": app_run(), "cached_s": app_run(), "bare_cold_s": bare_cold(), "bare_cached_s": bare_cached(),
              "visible": VISIBLE}
    emit(result)
    pool.shutdown(timeout=1.0)
    client.close()
    finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
