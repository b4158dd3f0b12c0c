"""The soak's GUI process: the real app (`fastpix_viewer.ui.app.launch.main`) with two saved workspaces
pointing at the faulty sandbox, the monkey driving it, and the probes watching it.

`python -m soak.child --sandbox JSON --seconds S --seed N --config-dir DIR --result FILE`

Run by `soak.run` as a subprocess, so a crash (exit code, signal, faulthandler output) is
observed from outside. The result is written as JSON before the process exits.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

PROFILES = ("soak-a", "soak-b")
HEADLESS_VLC = "--vout=dummy --aout=dummy"
EXIT_GRACE_S = 25.0  # the API's whole-call deadline is 20 s: nothing may stay open longer


def add_profiles(config_dir: Path, sandbox: dict[str, Any]) -> None:
    from fastpix_viewer.api.profiles import Profile, ProfileStore

    store = ProfileStore(config_dir)
    for name in PROFILES:
        store.save(
            Profile(name=name, token_id=sandbox["token_id"], api_base=sandbox["api"],
                    stream_base=sandbox["stream"], image_base=sandbox["image"],
                    signing_key_id=sandbox.get("signing_key_id")),
            secret_key=sandbox["secret_key"], signing_key=sandbox.get("signing_key"),
            make_active=name == PROFILES[0],
        )


def find_window() -> Any:
    from PySide6.QtWidgets import QApplication

    shown = [w for w in QApplication.topLevelWidgets()
             if w.objectName() == "mainWindow" and w.isVisible() and not getattr(w, "_closed", False)]
    return shown[-1] if shown else None


def find_controllers() -> list[Any]:
    """The app's WorkspaceController: a local of `app.main`, so found among live objects."""
    from fastpix_viewer.ui.workspaces import WorkspaceController

    return [o for o in gc.get_objects() if isinstance(o, WorkspaceController)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sandbox", required=True, help="the sandbox's --json line")
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--config-dir", required=True)
    parser.add_argument("--result", required=True)
    parser.add_argument("--diagnose", action="store_true", help="tracemalloc + object census (costs stalls)")
    args = parser.parse_args(argv)
    sandbox = json.loads(args.sandbox)
    config_dir = Path(args.config_dir)
    add_profiles(config_dir, sandbox)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from fastpix_viewer.ui.app import launch as app_module
    from soak.driver import Monkey
    from soak.memory import MemoryWatch
    from soak.probes import ExceptionProbe, HttpProbe, StallMeter, rss_mb

    http = HttpProbe()
    http.install()
    exceptions = ExceptionProbe()
    exceptions.install()
    qapp = QApplication([sys.argv[0]])
    stall = StallMeter()
    memory = MemoryWatch(args.diagnose)
    controllers: list[Any] = []
    monkey = Monkey(args.seed, find_window, lambda: controllers[0] if controllers else None)
    marks: dict[str, Any] = {"rss_start_mb": rss_mb()}
    started = time.monotonic()
    warmup = min(60.0, args.seconds / 4)
    pools: list[Any] = []

    def begin() -> None:
        window = find_window()
        if window is None:
            QTimer.singleShot(200, begin)
            return
        pools.append(window.pool)
        controllers.extend(find_controllers())  # once, before the stall meter starts
        stall.start()
        memory.start()
        monkey.start()
        QTimer.singleShot(int(warmup * 1000), lambda: marks.__setitem__("rss_warm_mb", memory.warm()))
        QTimer.singleShot(int(args.seconds * 1000), finish)

    def finish() -> None:
        monkey.stop()
        marks["stall"] = stall.stop()
        marks.update(memory.stop())  # rss_end_mb, rss_curve (and the diagnosis when asked)
        marks["driven_s"] = round(time.monotonic() - started, 1)
        window = find_window()
        marks["window_at_end"] = window is not None
        # Windows replaced by workspace switches must be gone (a leak shows up here first).
        names = [w.objectName() for w in QApplication.allWidgets()]
        marks["main_windows_alive"] = names.count("mainWindow")
        marks["player_panels_alive"] = names.count("playerPanel")
        marks["widgets_alive"] = len(names)
        if os.environ.get("SOAK_HARD_EXIT"):
            # Diagnosis under a heap profiler (SOAK_CHILD_PREFIX): what is still allocated now
            # is what the profiler reports, before shutdown frees it.
            Path(args.result).write_text(json.dumps({**marks, "seconds": args.seconds, "hard_exit": True}))
            os._exit(0)
        if window is not None:
            window.close()  # the last window: app.exec() returns and main() shuts down
        else:
            qapp.quit()

    QTimer.singleShot(0, begin)
    code = app_module.main(["--config-dir", str(config_dir), "--no-crash-dialog", f"--vlc-args={HEADLESS_VLC}"])

    # Requests still open once the app has shut down: give each its deadline, then count.
    deadline = time.monotonic() + EXIT_GRACE_S
    while http.open_requests() > 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    result = {
        "exit_code_of_main": code,
        "seconds": args.seconds, "seed": args.seed,
        "open_requests_at_end": http.open_requests(),
        "pool_jobs_pending_at_end": sum(p.pending_count() for p in pools),
        "unhandled_exceptions": exceptions.unhandled,
        "unexpected_errors_logged": exceptions.unexpected,
        "qt_warnings": dict(exceptions.qt_warnings),
        "http": http.summary(),
        "user_saw": monkey.observer.summary(),
        "actions": dict(monkey.actions.most_common()),
        "action_timeline": monkey.timeline,  # same clock as rss_curve (both start together)
        "driver_errors": monkey.errors[:20],
        **marks,
    }
    Path(args.result).write_text(json.dumps(result, indent=2))
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
