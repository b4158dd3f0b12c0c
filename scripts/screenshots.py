#!/usr/bin/env python3
"""Screenshots of the real app on the demo workspace, made under a private Xvfb.

Runs `fastpix_viewer.ui.app.launch.main(["--demo", ...])` exactly as a user would start it, with
the real X video output (only `--aout=dummy`: there is no sound card), and drives the
window through its widgets (found by objectName) from a timer inside the app's event
loop. The pictures are read back from the X server, because `QWidget.grab()` cannot see
the pixels libVLC draws into its window. A window manager (openbox) runs in that X server
when one is installed, since full screen and popups behave differently without one.

    main.png        a live stream selected, its recordings listed, the newest Ready one playing
    tracks.png      the Media tab: the multi-language recording with its Tracks tab
    processing.png  an upload that is still processing: its plain message in the video area
    live.png        an active live stream playing, LIVE instead of a duration
    fullscreen.png  a Ready recording full screen (the video alone), its controls shown
    seek-preview.png  the pointer over the seek bar: the spritesheet frame and time above it
    multiselect.png the Media tab with four rows selected, "4 selected", the selection's menu
    clip-marks.png  a titled recording paused, In and Out marked: ticks, shaded range, clip row
    clip-dialog.png the Create clip dialog for that range: a title typed, Private, MP4 ticked
    chapters.png    the Keynote paused in its second chapter, the pointer on that chapter's mark
                    (time and chapter title in the bubble), the Insights tab's chapter list
    search.png      the Media list filtered by a phrase of a summary, the match selected, its
                    summary in the Insights tab, the tooltip saying where it matched
    audience.png    the Keynote's Audience tab, last 7 days: views as bars, unique viewers as a line

The scenes after the first four (e to l) are in screenshot_scenes.py.

Every step waits on a condition with a timeout; a step that fails stops the run with a
message on stderr and exit status 1.

Usage: .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the Xvfb helper the pixel tests share
sys.path.insert(0, str(ROOT))

from screenshot_scenes import (  # noqa: E402
    CLIP_SOURCE,
    StepFailed,
    media_titled,
    pause,
    scene_audience,
    scene_chapters,
    scene_clip_dialog,
    scene_clip_marks,
    scene_fullscreen,
    scene_multiselect,
    scene_search,
    scene_seek_preview,
    wait_for,
)
from xvfb_support import (  # noqa: E402
    XvfbUnavailable,
    colour_stats,
    grab_from_x,
    start_window_manager,
    start_xvfb,
)

SCREEN = "1440x900x24"
WINDOW_SIZE = (1280, 800)
MAX_WIDTH = 1280
MAX_BYTES = 300_000
LOAD_TIMEOUT_S = 30
PLAY_TIMEOUT_S = 25
RUN_TIMEOUT_S = 600


def save_png(image: Any, path: Path) -> int:
    """Write `image` (QImage) small: at most MAX_WIDTH wide, no metadata, and reduced to a
    256-colour palette only if the full-colour file would be over MAX_BYTES."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise StepFailed(f"could not encode {path.name}")
    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    if picture.width > MAX_WIDTH:
        height = round(picture.height * MAX_WIDTH / picture.width)
        picture = picture.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    encoded = io.BytesIO()
    picture.save(encoded, "PNG", optimize=True)
    if encoded.tell() > MAX_BYTES:
        encoded = io.BytesIO()
        picture.quantize(256, method=Image.Quantize.MEDIANCUT).save(encoded, "PNG", optimize=True)
    path.write_bytes(encoded.getvalue())
    return len(encoded.getvalue())


class Driver:
    """Walks the main window through the scenes, then closes it."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.error: str | None = None
        self.saved: list[tuple[str, int]] = []
        self.window: Any = None
        self._before_play: Any = None

    # -- finding things --------------------------------------------------------------

    def child(self, kind: Any, name: str) -> Any:
        found = self.window.findChild(kind, name)
        if found is None:
            raise StepFailed(f"the window has no {kind.__name__} named {name!r}")
        return found

    def pane(self, name: str) -> Any:
        from PySide6.QtWidgets import QWidget

        return self.child(QWidget, name)

    def player(self) -> Any:
        from PySide6.QtWidgets import QWidget

        return self.child(QWidget, "playerPanel")

    def objects(self, pane_name: str) -> list[Any]:
        proxy = self.pane(pane_name).proxy
        return [proxy.object_at(row) for row in range(proxy.rowCount())]

    # -- actions -----------------------------------------------------------------------

    def select(self, pane_name: str, item_id: str, what: str) -> None:
        if not self.pane(pane_name).select_id(item_id):
            raise StepFailed(f"could not select {what} in {pane_name}")
        wait_for(f"{what} to be shown", lambda: getattr(self.window.current_item(), "id", None) == item_id, 5)

    def press_play(self) -> None:
        from PySide6.QtGui import QAction

        action = self.child(QAction, "playAction")
        if not action.isEnabled():
            raise StepFailed("the Play action is disabled")
        self._before_play = self.player().request()
        action.trigger()

    def wait_playing(self, what: str, min_ms: int, *, live: bool = False) -> None:
        """Until the newly pressed item plays (not the previous one, which plays on while the
        new one's pre-flight runs) and, for a recording, its clock passed `min_ms`."""
        player = self.player()
        wait_for(f"{what} to play",
                 lambda: player.request() is not self._before_play and player.state() == "playing"
                 and (live or player.time_ms() >= min_ms),
                 PLAY_TIMEOUT_S)
        pause(min_ms / 1000 if live else 0.6)  # a few more frames, and the clock visibly running
        if player.state() != "playing":
            raise StepFailed(f"{what} stopped playing: {player.message() or player.state()}")

    def check_video_visible(self, what: str) -> None:
        """A black or flat video area would make a useless picture: fail instead."""
        stats = colour_stats(grab_from_x(self.player().surface))
        if stats.distinct < 8 or stats.bright_fraction < 0.3:
            raise StepFailed(f"the video area does not show {what} ({stats})")

    def shoot(self, name: str, *extra: Any, screen: bool = False) -> None:
        """Save the window as the X server shows it; with `extra` windows (a popup), the
        rectangle covering them too; with `screen`, the whole screen."""
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        display = QGuiApplication.primaryScreen()
        if screen or extra:
            # The window's inside (as grab_from_x shows it: no window-manager frame) and the popups.
            area = display.geometry() if screen else self.window.geometry()
            for window in extra:
                area = area.united(window.geometry())
            area = area.intersected(display.geometry())
            image = display.grabWindow(0, area.x(), area.y(), area.width(), area.height()).toImage()
        else:
            image = grab_from_x(self.window)
        size = save_png(image, self.out / name)
        self.saved.append((name, size))
        print(f"screenshots: {name} ({size // 1024} KB)", flush=True)

    # -- the scenes --------------------------------------------------------------------

    def run(self) -> None:
        from PySide6.QtWidgets import QApplication, QLabel, QTabWidget

        from fastpix_viewer.api.models import LiveStream, Media
        from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, STREAMS_TAB

        try:
            wait_for("the main window", self._find_window, 20)
            window = self.window
            window.move(0, 0)
            window.resize(*WINDOW_SIZE)
            wait_for("the stream and media lists to load",
                     lambda: not window.is_loading() and self.objects("streamsPane") and self.objects("mediaPane"),
                     LOAD_TIMEOUT_S)

            # (a) A stream with Ready recordings, its newest Ready recording playing.
            streams = [s for s in self.objects("streamsPane") if isinstance(s, LiveStream)]
            stream = next((s for s in streams if s.name == "Weekly town hall"), None) or next(
                (s for s in streams if s.media_ids), None)
            if stream is None:
                raise StepFailed("the demo workspace has no stream with recordings")
            window.list_tabs.setCurrentIndex(STREAMS_TAB)
            self.select("streamsPane", stream.id, "the stream")
            wait_for("the stream's recordings",
                     lambda: len(self.objects("recordingsPane")) == len(stream.media_ids) and not window.is_loading(),
                     LOAD_TIMEOUT_S)
            newest = next((m for m in self.objects("recordingsPane") if isinstance(m, Media) and m.is_ready), None)
            if newest is None:
                raise StepFailed(f"{stream.name!r} has no Ready recording")
            self.select("recordingsPane", newest.id, "the newest Ready recording")
            self.press_play()
            self.wait_playing("the recording", 2500)
            details = self.pane("detailsTree")
            for path in (["playbackIds"], ["playbackIds", 0], ["metadata"]):
                details.expand_path(path)
            self.check_video_visible("the recording")
            self.shoot("main.png")

            # (b) Media tab: the multi-language recording, Tracks shown (and playing).
            media = [m for m in self.objects("mediaPane") if isinstance(m, Media)]
            candidates = [m for m in media if m.stream_id and not m.is_clip and m.is_ready and _languages(m) >= 2]
            # A titled one reads better in the picture than the stream's name repeated.
            candidates.sort(key=lambda m: not m.raw.get("title"))
            multilang = candidates[0] if candidates else None
            if multilang is None:
                raise StepFailed("the demo workspace has no multi-language recording")
            window.list_tabs.setCurrentIndex(MEDIA_TAB)
            self.select("mediaPane", multilang.id, "the multi-language recording")
            self.child(QTabWidget, "infoTabs").setCurrentIndex(1)
            self.press_play()
            self.wait_playing("the multi-language recording", 2000)
            self.shoot("tracks.png")

            # (c) An upload still processing: its message instead of a video.
            processing = next((m for m in media if (m.status or "").strip().lower() == "processing"
                               and not m.is_clip and not m.stream_id), None)
            if processing is None:
                raise StepFailed("the demo workspace has no processing upload")
            self.child(QTabWidget, "infoTabs").setCurrentIndex(0)
            self.select("mediaPane", processing.id, "the processing upload")
            self.press_play()
            player = self.player()
            wait_for("the processing message", lambda: "processing" in player.message(), 10)
            self.shoot("processing.png")

            # (d) An active live stream, playing live.
            active = next((s for s in streams if s.status.lower() == "active" and _public(s)), None)
            if active is None:
                raise StepFailed("the demo workspace has no active public live stream")
            window.list_tabs.setCurrentIndex(STREAMS_TAB)
            self.select("streamsPane", active.id, "the active live stream")
            self.press_play()
            self.wait_playing("the live stream", 2500, live=True)
            time_label = self.child(QLabel, "timeLabel")
            if "LIVE" not in time_label.text():
                raise StepFailed(f"the live stream shows {time_label.text()!r}, not LIVE")
            self.check_video_visible("the live stream")
            self.shoot("live.png")

            window.list_tabs.setCurrentIndex(STREAMS_TAB)
            self.select("streamsPane", stream.id, "the stream")
            wait_for("the stream's recordings again",
                     lambda: any(m.id == newest.id for m in self.objects("recordingsPane")) and not window.is_loading(),
                     LOAD_TIMEOUT_S)
            # Another Ready recording than (a)'s: that one would offer to resume where (a) left it.
            ready = [m for m in self.objects("recordingsPane") if isinstance(m, Media) and m.is_ready]
            scene_fullscreen(self, next((m for m in ready if m.id != newest.id), newest))
            scene_seek_preview(self, multilang)
            scene_multiselect(self, stream, media)
            scene_clip_marks(self, media_titled(self, CLIP_SOURCE))
            scene_clip_dialog(self)
            scene_chapters(self)
            scene_search(self)
            scene_audience(self)
        except StepFailed as problem:
            self.error = str(problem)
        except Exception:
            self.error = "unexpected error:\n" + traceback.format_exc()
        finally:
            if self.window is not None:
                self.window.close()
            else:
                QApplication.quit()

    def give_up(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.error = self.error or f"the run did not finish within {RUN_TIMEOUT_S} s"
        QApplication.quit()

    def _find_window(self) -> bool:
        from PySide6.QtWidgets import QApplication

        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
        self.window = windows[0] if windows else None
        return self.window is not None


def _languages(media: Any) -> int:
    return len({t.language_code for t in media.tracks if t.type == "audio" and t.language_code})


def _public(stream: Any) -> bool:
    return any(p.access_policy == "public" for p in stream.playback_ids)


def run(out: Path) -> int:
    try:
        xvfb = start_xvfb(SCREEN)
    except XvfbUnavailable as problem:
        print(f"screenshots: {problem}", file=sys.stderr)
        return 1
    manager = start_window_manager(xvfb.display)
    if manager is None:
        print("screenshots: no window manager (none installed, or it exited): full screen and popups "
              "may differ", flush=True)
    work = Path(tempfile.mkdtemp(prefix="fpv-screenshots-"))
    runtime = work / "xdg-runtime"
    runtime.mkdir(mode=0o700)
    os.environ.update({"DISPLAY": xvfb.display, "QT_QPA_PLATFORM": "xcb", "XDG_RUNTIME_DIR": str(runtime)})
    os.environ.pop("WAYLAND_DISPLAY", None)
    os.environ.pop("FASTPIX_VIEWER_VLC_ARGS", None)
    try:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from fastpix_viewer.ui.app import launch as app_module

        application = QApplication(["fastpix-viewer"])  # main() adopts it
        driver = Driver(out)
        QTimer.singleShot(0, driver.run)
        QTimer.singleShot(RUN_TIMEOUT_S * 1000, driver.give_up)  # a hang outside any step
        code = app_module.main(["--demo", "--config-dir", str(work / "config"), "--vlc-args", "--aout=dummy",
                                "--no-crash-dialog"])
        del application
    finally:
        if manager is not None:
            manager.terminate()
            manager.wait(timeout=10)
        xvfb.stop()
        shutil.rmtree(work, ignore_errors=True)
    if driver.error:
        print(f"screenshots: FAILED: {driver.error}", file=sys.stderr)
        return 1
    if code != 0:
        print(f"screenshots: the app exited with status {code}", file=sys.stderr)
        return 1
    print(f"screenshots: {len(driver.saved)} pictures in {out}", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="where to write the PNGs")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    return run(out)


if __name__ == "__main__":
    sys.exit(main())
