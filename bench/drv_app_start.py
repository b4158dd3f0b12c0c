"""Start-up driver: runs the real app (`fastpix_viewer.ui.app.launch.main`) on the workspace given by
FASTPIX_* variables, emits the moment the live-streams list first paints rows, and quits.

The only addition to the app is an event filter on the streams view's viewport, installed
right after MainWindow is built: the app itself is unchanged."""

from __future__ import annotations

import sys

from bench.common import emit


def main() -> int:
    # The app's own modules first, as its entry point loads them (fastpix_viewer.ui loads the
    # Qt-free client before PySide6).
    from fastpix_viewer.ui.shell import main_window  # isort: skip
    from PySide6.QtWidgets import QApplication

    from bench.paint_probe import FirstPaint

    original_init = main_window.MainWindow.__init__

    def probed_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        proxy = self.streams_pane.proxy

        def done(at: float) -> None:
            emit({"painted": at, "rows": proxy.rowCount(), "shown": self.isVisible()})
            QApplication.quit()

        self._bench_probe = FirstPaint(self.streams_pane.view.viewport(), lambda: proxy.rowCount() > 0, done)

    main_window.MainWindow.__init__ = probed_init
    from fastpix_viewer.ui.app.launch import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
