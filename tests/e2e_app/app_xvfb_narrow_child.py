"""Child process of test_app_xvfb_narrow.py: the demo workspace's window at 1000x700 on a real
X display; reports the lists' column widths and where the Downloads panel's rows are.

Usage: python app_xvfb_narrow_child.py CONFIG_DIR DOWNLOAD_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from xvfb_support import demo_window, wait_until

SAMPLE_TITLE = "Weekly town hall — 2026-11"  # 26 characters of a name



def _columns(pane: Any) -> dict[str, Any]:
    view = pane.view
    header = view.horizontalHeader()
    model = pane.model
    shown = {model.columns[i].key: header.sectionSize(i) for i in range(header.count()) if not header.isSectionHidden(i)}
    icon = view.iconSize().width() if view.iconSize().isValid() else 0
    return {"widths": shown, "title_key": model.columns[0].key, "icon": icon,
            "sample": view.fontMetrics().horizontalAdvance(SAMPLE_TITLE),
            "viewport": view.viewport().width(), "scrolls_sideways": view.horizontalScrollBar().isVisible()}


def _rows(panel: Any) -> list[dict[str, Any]]:
    viewport = panel.scroll.viewport()
    out = []
    for row in panel.rows.values():
        rect = QRect(row.mapTo(viewport, QPoint(0, 0)), row.size())
        buttons = [b for b in (row.cancel_button, row.resume_button, row.open_button) if b.isVisible()]
        rightmost = max((b.mapTo(viewport, QPoint(b.width(), 0)).x() for b in buttons), default=0)
        out.append({"top": rect.top(), "bottom": rect.bottom(), "right": rightmost,
                    "bar": row.bar.width(), "state": row.state_label.width(), "name": row.name_label.width()})
    return out


def main(config_dir: Path, download_dir: Path) -> dict[str, Any]:
    from fastpix_viewer.api.models import LiveStream
    from fastpix_viewer.ui.downloads.manager import MP4, ready_rendition
    from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB

    with demo_window(config_dir, (1000, 700)) as demo:
        app, window = demo.app, demo.window
        result: dict[str, Any] = {"platform": app.platformName(), "loaded": demo.loaded}
        wait_until(lambda: window.width() == 1000, 3)
        result["window"] = [window.width(), window.height()]
        # A stream with recordings, so its recordings list shows rows too.
        stream = next(s for s in window.streams_model.objects() if isinstance(s, LiveStream) and len(s.media_ids) > 1)
        window.select(STREAMS_TAB, stream.id)
        wait_until(lambda: window.recordings_model.rowCount() > 1, 10)
        wait_until(lambda: False, 0.3)  # layouts settle
        result["streams"] = _columns(window.streams_pane)
        result["recordings"] = _columns(window.recordings_pane)
        window.list_tabs.setCurrentIndex(MEDIA_TAB)
        wait_until(lambda: False, 0.3)
        result["media"] = _columns(window.media_pane)

        # Three downloads: the panel opens at the bottom of the 700 px window.
        manager = window.downloads.manager
        manager.set_folder(download_dir)
        ready = [m for m in window.media_model.objects() if ready_rendition(m, MP4) is not None][:3]
        for media in ready:
            manager.request(media, MP4)
        panel = window.downloads.panel
        wait_until(lambda: panel.isVisible() and len(panel.rows) == len(ready), 10)
        wait_until(lambda: all(not t.active for t in manager.tasks), 30)
        wait_until(lambda: False, 0.3)
        result["downloads"] = {"rows": _rows(panel), "viewport": [panel.scroll.viewport().width(),
                                                                  panel.scroll.viewport().height()],
                               "scrolls_sideways": panel.scroll.horizontalScrollBar().isVisible()}
    result["qt_warnings"] = demo.warnings
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))), flush=True)
