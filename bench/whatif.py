"""What-if experiments for the large-workspace driver (FPV_BENCH_WHATIF=name): each patches
one behaviour of the app inside the driver process only, to measure a proposed fix before it
is made in the app. Nothing here runs unless asked for."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QTimer

from fastpix_viewer.ui.lists.record_table import PreparedRows

BATCH_MS = 100


def batch_appends(window: Any, interval_ms: int = BATCH_MS) -> None:
    """Pages reach the models at most every `interval_ms` (the first page at once), so the
    views re-lay out and repaint a few times a second instead of once per page."""
    for model, loader in ((window.media_model, window.media_loader), (window.streams_model, window.streams_loader)):
        original = model.append_rows
        state: dict[str, Any] = {"rows": [], "last": 0.0}
        timer = QTimer(model)
        timer.setSingleShot(True)

        def flush(original=original, state=state, model=model) -> None:
            rows, state["rows"] = state["rows"], []
            state["last"] = time.monotonic()
            if rows:
                original(PreparedRows(model, rows))

        def append(rows, model=model, state=state, timer=timer, flush=flush) -> None:
            state["rows"].extend(rows.rows)
            due = state["last"] + interval_ms / 1000 - time.monotonic()
            if model.rowCount() == 0 or due <= 0:
                timer.stop()
                flush()
            elif not timer.isActive():
                timer.start(max(1, int(due * 1000)))

        timer.timeout.connect(flush)
        model.append_rows = append
        loader.finished.connect(lambda _n, flush=flush: flush())
