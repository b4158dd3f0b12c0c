"""Runs the real `fastpix_viewer.ui.app.launch.main` and drives it like a user (subprocess tests).

argv: the app's arguments; "--pick-demo" (not passed on) clicks "Try the demo workspace"
in the welcome dialog. Prints one JSON line of what it saw, then closes the window."""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
from fastpix_viewer.ui.app import launch as app_module  # noqa: E402

args = [a for a in sys.argv[1:] if a != "--pick-demo"]
pick_demo = "--pick-demo" in sys.argv
seen: dict = {"welcome": False}
deadline = time.monotonic() + 40


def visible(name: str):
    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)


def tick() -> None:
    window = visible("mainWindow")
    welcome = visible("welcomeDialog")
    if welcome is not None:
        seen["welcome"] = True
        if pick_demo:
            welcome.demo_button.click()
    if window is not None and welcome is None and (not pick_demo or seen["welcome"]):
        session = getattr(window, "session", None)
        if session is not None and not window.is_loading() and window.streams_model.rowCount() > 0:
            seen["switcher"] = window.workspace_switcher.text()
            seen["streams"] = window.streams_model.rowCount()
            menu = window.menu("&Workspace")
            seen["entries"] = [a.text().split("\t")[0] for a in menu.actions()
                               if a.objectName().startswith("workspaceEntry")]
            seen["help"] = [a.objectName() for a in window.menu("&Help").actions()]
            print(json.dumps(seen), flush=True)
            window.close()
            return
    if time.monotonic() > deadline:
        print(json.dumps({"timeout": True, **seen}), flush=True)
        QApplication.quit()
        return
    QTimer.singleShot(100, tick)


QTimer.singleShot(100, tick)
sys.exit(app_module.main(args))
