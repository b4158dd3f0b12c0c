"""Start-up baseline: the least a PySide6 + httpx program needs to paint the first page of
live streams from the same sandbox. The request runs in a thread while the window is built,
the rows go into a QStandardItemModel, and the first paint with rows is emitted."""

from __future__ import annotations

import os
import sys
import threading

from bench.common import emit, finish


def main() -> int:
    import httpx
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    from bench.paint_probe import FirstPaint

    class Fetched(QObject):
        page = Signal(object)

    app = QApplication(sys.argv[:1])
    fetched = Fetched()

    def fetch() -> None:
        response = httpx.get(f"{os.environ['FASTPIX_API_BASE']}/live/streams",
                             params={"limit": 50, "offset": 1, "orderBy": "desc"},
                             auth=(os.environ["FASTPIX_TOKEN_ID"], os.environ["FASTPIX_SECRET_KEY"]), timeout=30)
        response.raise_for_status()
        fetched.page.emit(response.json()["data"])

    threading.Thread(target=fetch, daemon=True).start()
    window = QMainWindow()
    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["Name", "Status", "Created"])
    view = QTreeView()
    view.setModel(model)
    view.setUniformRowHeights(True)
    window.setCentralWidget(view)
    window.resize(1280, 800)

    def fill(rows: list) -> None:
        for row in rows:
            meta = row.get("metadata") or {}
            name = row.get("streamName") or meta.get("livestream_name") or row.get("streamId", "")
            model.appendRow([QStandardItem(str(name)), QStandardItem(str(row.get("status", ""))),
                             QStandardItem(str(row.get("createdAt", "")))])

    fetched.page.connect(fill)

    def done(at: float) -> None:
        emit({"painted": at, "rows": model.rowCount(), "shown": window.isVisible()})
        app.quit()

    FirstPaint(view.viewport(), lambda: model.rowCount() > 0, done)
    window.show()
    app.exec()
    finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
