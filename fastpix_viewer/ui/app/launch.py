"""Desktop app entry point: `fastpix-viewer [--demo] [--config-dir DIR] [--profile NAME] ...`.

Start-up order matters: the platform choice (XCB under Wayland, for libVLC's embedding)
before the QApplication; logging and crash hooks before anything can fail; libVLC
options before the first player exists. Shutdown runs the other way round, and libVLC is
released before Qt destroys the windows it draws into.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)

ORGANIZATION = "FastPix Viewer"
APP_NAME = "fastpix-viewer"
DISPLAY_NAME = "FastPix Recording Browser"
POOL_THREADS = 6


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fastpix-viewer", description="Browse and play FastPix recordings.")
    parser.add_argument("--demo", action="store_true",
                        help="open a built-in demo workspace (a local sandbox; nothing is saved)")
    parser.add_argument("--config-dir", metavar="DIR", help="keep settings, caches and logs under DIR")
    parser.add_argument("--profile", metavar="NAME", help="open this saved workspace")
    parser.add_argument("--smoke-test", nargs="?", const="", default=None, metavar="REF",
                        help="load, play a recording for about 2 s, print one JSON line and exit")
    parser.add_argument("--vlc-args", metavar="ARGS", default=None,
                        help='extra libVLC options, e.g. "--aout=dummy", or headless '
                             '"--vout=dummy --aout=dummy" (on a display the video goes to the '
                             'window whatever --vout says; use --no-video to drop it); '
                             "also FASTPIX_VIEWER_VLC_ARGS")
    parser.add_argument("--no-crash-dialog", action="store_true",
                        help="log unexpected errors without showing a dialog (headless runs)")
    return parser


def _join_option_values(argv: list[str]) -> list[str]:
    """`--vlc-args "--vout=dummy"` → `--vlc-args=--vout=dummy`: the value starts with a dash,
    which argparse would otherwise take for an option of ours."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] == "--vlc-args" and i + 1 < len(argv):
            out.append(f"--vlc-args={argv[i + 1]}")
            i += 2
            continue
        out.append(argv[i])
        i += 1
    return out


def _fail(message: str, code: int = 1) -> int:
    print(f"fastpix-viewer: {message}", file=sys.stderr, flush=True)
    return code


def _running_qapplication() -> Any:
    """The running QApplication, if a caller (a test) already made one."""
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def _app_icon() -> Any:
    """The app icon in every size under resources/icons (a checkout, or the PyInstaller
    bundle's resources); None when absent (e.g. a wheel)."""
    from PySide6.QtGui import QIcon

    from fastpix_viewer.resources import resources_dir

    folder = resources_dir() / "icons"
    sizes = sorted(folder.glob("fastpix-viewer-*.png"))
    if not sizes:
        return None
    icon = QIcon()
    for png in sizes:
        icon.addFile(str(png))
    return icon


def open_workspace_session(args: argparse.Namespace, config_dir: Any, client_options: dict[str, Any]) -> tuple[Any, str | None]:
    """(session or None, a plain notice for the window)."""
    from fastpix_viewer.api import FastPixError
    from fastpix_viewer.api.profiles import ProfilesFileDamaged, ProfileStore, select_workspace
    from fastpix_viewer.ui.core.session import open_demo_session, open_session

    if args.demo:
        return open_demo_session(**client_options), None
    try:
        workspace = select_workspace(ProfileStore(config_dir), args.profile)
    except FastPixError as problem:
        from fastpix_viewer.ui.shell.main_window import NO_WORKSPACE_HELP

        if args.profile or isinstance(problem, ProfilesFileDamaged):
            return None, problem.user_message  # a damaged file is named, not hidden behind "no workspace"
        return None, NO_WORKSPACE_HELP
    return open_session(workspace, **client_options), None


def window_extras(paths: Any) -> list[Any]:
    """Per-window additions installed on every MainWindow the app shows (Help ▸ About and Keyboard shortcuts, keys)."""
    from fastpix_viewer.ui.app.about import install_help_menu
    from fastpix_viewer.ui.app.shortcuts_help import install_shortcuts_help
    from fastpix_viewer.ui.shell.keyboard import install_keyboard_navigation

    return [lambda w: install_help_menu(w, paths), install_keyboard_navigation, install_shortcuts_help]


class _CtrlC:
    """Ctrl+C in the terminal closes the window (saving its state) instead of killing the
    process mid-paint. The handler only schedules work: raising KeyboardInterrupt inside
    a Qt callback is unsafe. A slow no-op timer lets Python run signal handlers while Qt's
    event loop waits."""

    def __init__(self, app: Any) -> None:
        import signal

        from PySide6.QtCore import QTimer

        self.interrupted = False
        self.target: Any = None  # a callable that ends the current phase
        signal.signal(signal.SIGINT, self._on_signal)
        self._timer = QTimer(app)
        self._timer.setInterval(300)
        self._timer.timeout.connect(lambda: None)
        self._timer.start()

    def _on_signal(self, *_args: Any) -> None:
        from PySide6.QtCore import QTimer

        self.interrupted = True
        if self.target is not None:
            QTimer.singleShot(0, self.target)

    def arm(self, target: Any) -> None:
        """From now on Ctrl+C calls `target` (at once if it was pressed meanwhile)."""
        from PySide6.QtCore import QTimer

        self.target = target
        if self.interrupted:
            QTimer.singleShot(0, target)

    def restore(self) -> None:
        import signal

        self._timer.stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(_join_option_values(list(sys.argv[1:] if argv is None else argv)))
    smoke = args.smoke_test is not None

    from fastpix_viewer.ui.playback.surface import prefer_xcb_on_wayland

    prefer_xcb_on_wayland()

    from fastpix_viewer.ui.app import display

    if display.missing_display() and _running_qapplication() is None:
        return _fail(display.NO_DISPLAY_MESSAGE, display.NO_DISPLAY_EXIT_CODE)  # Qt's xcb plugin would abort()
    display.use_fractional_scaling()

    from fastpix_viewer.ui.core.memory_trim import limit_arenas

    limit_arenas()  # before Qt, libVLC and the worker pool start their threads (issue 15)
    from fastpix_viewer.api.step_aside import shorten_gil_slices

    shorten_gil_slices()  # the UI thread's many short Python calls wait less on busy workers

    from PySide6.QtWidgets import QApplication

    from fastpix_viewer.ui.app.crash import (
        enable_native_crash_log,
        install_crash_hooks,
        take_previous_native_crash,
    )
    from fastpix_viewer.ui.app.logs import install_qt_message_handler, setup_logging
    from fastpix_viewer.ui.core.long_lived import freeze_start_up
    from fastpix_viewer.ui.core.paths import app_paths
    from fastpix_viewer.ui.core.settings import UiSettings
    from fastpix_viewer.ui.core.worker import WorkerPool
    from fastpix_viewer.ui.playback import vlc_setup

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    ctrl_c = _CtrlC(app)
    icon = _app_icon()
    if icon is not None:
        app.setWindowIcon(icon)

    paths = app_paths(args.config_dir).ensure()
    logs = setup_logging(paths.config if paths.isolated else None)
    qt_router = install_qt_message_handler()
    previous_crash = take_previous_native_crash(paths.logs)
    if previous_crash:
        log.warning("the previous run ended with a native crash:\n%s", previous_crash)
    enable_native_crash_log(paths.logs)
    crash = install_crash_hooks(show_dialog=not (args.no_crash_dialog or smoke))
    vlc_args = args.vlc_args if args.vlc_args is not None else os.environ.get(vlc_setup.ENV_EXTRA_ARGS)
    vlc_setup.configure(vlc_args)

    pool = WorkerPool(POOL_THREADS)
    session = None
    window = None
    controller = None
    code = 0
    try:
        try:
            if smoke and args.smoke_test:
                session, notice = open_workspace_session(args, paths.config, {})
                if session is None:
                    return _fail(notice or "no workspace is configured.")
            else:
                session, notice = open_workspace_session(args, paths.config, {})
        except Exception as problem:  # a demo sandbox that cannot start, an unreadable profile...
            log.exception("could not open the workspace")
            message = getattr(problem, "user_message", None) or f"could not open the workspace: {problem}"
            if smoke:
                return _fail(message)
            session, notice = None, message

        if smoke:
            try:
                vlc_setup.shared_instance()  # fail fast, with libVLC's own complaint, before any window
            except vlc_setup.VlcUnavailableError as problem:
                return _fail(str(problem))
            from fastpix_viewer.ui.app.smoke import SmokeTest

            test = SmokeTest(session, pool, UiSettings(paths.config), reference=args.smoke_test or None)
            window = test.window
            ctrl_c.arm(lambda: test.stop("interrupted"))
            code = test.run()
            return code

        from fastpix_viewer.ui.shell.main_window import MainWindow

        if ctrl_c.interrupted:
            return 130
        from PySide6.QtCore import QTimer

        from fastpix_viewer.api.profiles import ProfileStore
        from fastpix_viewer.ui.core.memory_trim import MemoryTrimmer
        from fastpix_viewer.ui.workspaces import WorkspaceController, initial_target, welcome_due

        freeze_start_up()  # the modules just imported live as long as the process (core.long_lived)

        settings = UiSettings(paths.config)
        store = ProfileStore(paths.config)
        trimmer = MemoryTrimmer(pool, app)  # flat RSS in long sessions (issue 15)
        trimmer.start()
        controller = WorkspaceController(
            pool, store,
            lambda session, notice: MainWindow(session, pool, settings, notice=notice, cache_dir=paths.cache),
            # A new window replaces a closed one: give the old one's memory back soon after.
            window_hooks=[lambda w: w.auto_refresh.start(), lambda _w: QTimer.singleShot(2000, trimmer.request),
                          *window_extras(paths)],
        )
        welcome = session is None and welcome_due(args, store)
        controller.start(session, initial_target(args, store) if session is not None else None, notice,
                         welcome=welcome)
        session = None  # the controller owns it (and every later one) now
        ctrl_c.arm(lambda: controller.window.close())
        code = app.exec()
        return code
    finally:
        if controller is not None:
            window, session = controller.window, controller.session
        if window is not None:
            window.shutdown()
        pool.shutdown(timeout=1.0)
        if session is not None:
            session.close()
        vlc_setup.release_shared_instance()
        if window is not None:
            window.deleteLater()
        ctrl_c.restore()
        crash.uninstall()
        qt_router.uninstall()
        logs.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
