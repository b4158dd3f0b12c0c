"""A whole session in the real app (`fastpix_viewer.ui.app.launch.main`), driven like a user.

Run as a subprocess with HOME and the XDG dirs pointed at a scratch folder; the session's
facts arrive in the FPV_SESSION environment variable (JSON). Nothing is saved beforehand, so
the app starts with its welcome dialog: the driver fills it with a wrong secret key (the plain
error must show), then the right one plus the signing key (the app saves the profile, secrets
into the keyring backend chosen by PYTHON_KEYRING_BACKEND), then: browses both lists, plays a private recording (signed token),
downloads an MP4 of it, makes API calls fail (the sandbox's fault injection) and refreshes,
pastes garbage into the Open box, raises an exception in a Qt slot (the crash path, with
`--no-crash-dialog`), copies the diagnostics, and closes the window. One JSON line on stdout
says what happened; the clipboard's text goes to FPV_CLIPBOARD_OUT (outside the scratch dir).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

facts = json.loads(os.environ["FPV_SESSION"])
app = QApplication(sys.argv[:1])

from fastpix_viewer.ui.app import launch as app_module  # noqa: E402
from fastpix_viewer.ui.shell.main_window import MEDIA_TAB  # noqa: E402

PROFILE = "secrets-session"

seen: dict = {"steps": []}
deadline = time.monotonic() + 75
Wait = Callable[[], bool]


def main_window():
    return next((w for w in QApplication.topLevelWidgets()
                 if w.objectName() == "mainWindow" and w.isVisible()), None)


def visible(name: str):
    return next((w for w in QApplication.allWidgets() if w.objectName() == name and w.isVisible()), None)


def fill_form(form, secret: str) -> None:
    # What a user types into the welcome dialog (every field found by its objectName).
    from PySide6.QtWidgets import QGroupBox, QLineEdit, QPlainTextEdit

    for name, text in (("nameEdit", PROFILE), ("tokenIdEdit", facts["token_id"]), ("secretKeyEdit", secret),
                       ("signingKeyIdEdit", facts["signing_key_id"])):
        form.findChild(QLineEdit, name).setText(text)
    form.findChild(QPlainTextEdit, "signingKeyEdit").setPlainText(facts["signing_key"])
    form.findChild(QGroupBox, "advancedGroup").setChecked(True)
    for name, text in (("apiBaseEdit", facts["api"]), ("streamBaseEdit", facts["stream"]),
                       ("imageBaseEdit", facts["image"])):
        form.findChild(QLineEdit, name).setText(text)


def faults(spec: str | None) -> None:
    # The control API, as a tester would use it (curl): the sandbox runs in the test process.
    if spec:
        httpx.post(f"{facts['control']}/faults", json={"spec": spec, "seed": 1}, timeout=5)
    else:
        httpx.delete(f"{facts['control']}/faults", timeout=5)


def boom() -> None:
    # A bug that puts secrets into an exception's text: the crash path must still not write them.
    raise RuntimeError(f"induced failure with secret {facts['secret_key']} and url {facts['signed_url']}")


def connect() -> Iterator[Wait]:
    """First start (nothing saved): the welcome dialog takes a wrong secret, then the right one."""
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    yield lambda: visible("welcomeDialog") is not None
    form = visible("welcomeDialog").findChild(QWidget, "connectForm")
    error = form.findChild(QLabel, "connectError")
    fill_form(form, facts["wrong_secret_key"])
    form.findChild(QPushButton, "connectButton").click()
    yield lambda: error.isVisible() and not form.is_busy()
    seen["connect_error"] = error.text()
    fill_form(form, facts["secret_key"])
    form.findChild(QPushButton, "connectButton").click()
    yield lambda: visible("welcomeDialog") is None and getattr(main_window(), "session", None) is not None
    seen["steps"].append("connected")


def script() -> Iterator[Wait]:
    yield from connect()
    w = main_window()
    yield lambda: w.session is not None and not w.is_loading() and w.media_model.rowCount() > 0
    seen["steps"].append("browsed")
    seen["streams"], seen["media"] = w.streams_model.rowCount(), w.media_model.rowCount()

    w.list_tabs.setCurrentIndex(MEDIA_TAB)
    assert w.select(MEDIA_TAB, facts["private_media"])
    yield lambda: w.pool.pending_count() == 0 and w.current_item() is not None
    item = w.current_item()
    seen["played_id"] = item.id
    w.play_item(item)
    yield lambda: w.player.state() in ("playing", "error")
    seen["player_state"] = w.player.state()
    seen["steps"].append("played")
    started = time.monotonic()
    yield lambda: time.monotonic() - started > 1.5  # let libVLC fetch playlists and segments

    task = w.downloads.manager.request(item, "mp4")
    seen["download"] = "not started"
    if task is not None:
        yield lambda: not task.active
        seen["download"] = task.state
        seen["download_error"] = task.error
    seen["steps"].append("downloaded")

    faults("api:status=503; image:unauthorized; stream/*.ts:segment404@0.5")
    w.refresh()
    yield lambda: not w.is_loading() and w.pool.pending_count() == 0
    faults(None)
    seen["steps"].append("errors")

    # Copy a stream key for OBS: fetched from the API, put on the clipboard, nowhere else.
    from PySide6.QtWidgets import QPushButton

    from fastpix_viewer.ui.shell.main_window import STREAMS_TAB

    assert w.select(STREAMS_TAB, facts["stream_id"])
    yield lambda: w.pool.pending_count() == 0
    w.findChild(QPushButton, "copyStreamKeyButton").click()
    yield lambda: QApplication.clipboard().text() == facts["stream_key"]
    seen["steps"].append("stream key")

    from fastpix_viewer.ui.actions.open_dialog import show_open_dialog

    dialog = show_open_dialog(w)
    dialog.input.setPlainText('{"type": "video.media.ready", "object": {"id": "../../etc"}, "token": 5}')
    dialog.start()
    yield lambda: not dialog.is_busy()
    seen["open_error"] = dialog.error_text()
    dialog.reject()

    QTimer.singleShot(0, boom)
    started = time.monotonic()
    yield lambda: time.monotonic() - started > 0.5
    seen["steps"].append("crashed")

    copy = next(a for a in w.menu("&Help").actions() if a.objectName() == "copyDiagnosticsAction")
    copy.trigger()
    yield lambda: bool(QApplication.clipboard().text())
    Path(os.environ["FPV_CLIPBOARD_OUT"]).write_text(QApplication.clipboard().text(), encoding="utf-8")
    seen["steps"].append("diagnostics")
    w.close()


steps = script()
current: list[Wait] = [next(steps)]


def tick() -> None:
    try:
        if current[0]():
            current[0] = next(steps)
    except StopIteration:
        print(json.dumps(seen), flush=True)
        return
    except Exception as problem:  # the driver's own failure: report it, end the session
        seen["driver_error"] = f"{type(problem).__name__}: {problem}"
        print(json.dumps(seen), flush=True)
        QApplication.quit()
        return
    if time.monotonic() > deadline:
        print(json.dumps({"timeout": True, **seen}), flush=True)
        QApplication.quit()
        return
    QTimer.singleShot(100, tick)


QTimer.singleShot(100, tick)
sys.exit(app_module.main(["--vlc-args", "--vout=dummy --aout=dummy", "--no-crash-dialog"]))
