"""Time to first frame: the app's play action vs bare python-vlc, interleaved, one process.

App: a real MainWindow on the sandbox (FASTPIX_* variables), the first ready video media,
`window.play_item(media)` (playback ID choice, then libVLC; a ready recording with a public
playback ID needs no signing, and its manifest pre-flight runs only if libVLC fails) until
libVLC's MediaPlayerVout event. Baseline: a vlc.Instance with exactly
the app's options (`vlc_setup.instance_args`), the URL the app played, media_new + play()
until the same event. Both timestamps are taken in libVLC's callback thread.

`python -m bench.drv_ttff RUNS VLC_ARGS`
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import emit, finish


class VoutClock:
    """Records when a MediaPlayer's first Vout event arrives (callback thread)."""

    def __init__(self, vlc: Any, player: Any) -> None:
        self.player = player
        self.at: float | None = None
        self.count = 0
        self._fired = threading.Event()
        self._events = player.event_manager()  # its own handler, so the app's bridge keeps its own
        self._events.event_attach(vlc.EventType.MediaPlayerVout, self._on_vout)

    def _on_vout(self, event: Any) -> None:
        if self.at is None and (event.u.new_count & 0x7FFFFFFF) > 0:
            self.at = time.monotonic()
            self.count = event.u.new_count & 0x7FFFFFFF
            self._fired.set()

    def arm(self) -> None:
        self.at = None
        self._fired.clear()

    def wait(self, timeout: float) -> bool:
        return self._fired.wait(timeout)


def main() -> int:
    from fastpix_viewer.api.step_aside import shorten_gil_slices

    shorten_gil_slices()  # as launch.main does: measure the process the app is (the baseline shares it)
    runs = int(sys.argv[1])
    vlc_args = sys.argv[2]
    from PySide6.QtWidgets import QApplication

    from bench.qtwait import settle, wait_until
    from fastpix_viewer.api import Media
    from fastpix_viewer.api.client import FastPixClient
    from fastpix_viewer.api.config import workspace_from_env
    from fastpix_viewer.ui.core.session import Session
    from fastpix_viewer.ui.core.settings import UiSettings
    from fastpix_viewer.ui.core.worker import WorkerPool
    from fastpix_viewer.ui.playback import vlc_setup
    from fastpix_viewer.ui.shell.main_window import MEDIA_TAB, MainWindow

    QApplication(sys.argv[:1])
    vlc_setup.configure(vlc_args)
    vlc = vlc_setup.load_vlc()
    workspace = workspace_from_env()
    assert workspace is not None, "FASTPIX_* variables are not set"
    client = FastPixClient(workspace)
    pool = WorkerPool(6)
    from fastpix_viewer.ui.core.long_lived import freeze_start_up

    freeze_start_up()  # as launch.main does, once its modules are imported
    window = MainWindow(Session(workspace, client), pool, UiSettings(Path(tempfile.mkdtemp())))
    window.show()
    window.refresh()
    wait_until(lambda: not window.is_loading(), 60, "the lists")
    media = None
    for row in range(window.media_model.rowCount()):
        obj = window.media_model.object_at(row)
        if isinstance(obj, Media) and obj.is_ready and not obj.is_audio_only:
            media = obj
            break
    assert media is not None, "no ready video media in the sandbox"
    window.select(MEDIA_TAB, media.id)
    wait_until(lambda: pool.pending_count() == 0, 30, "details")
    # The panel makes its libVLC player on the first play (start-up, issue 15): the clock is
    # attached after the warm-up run.
    clocks: list[VoutClock] = []

    bare_instance = vlc.Instance(vlc_setup.instance_args(vlc_args))
    bare_player = bare_instance.media_player_new()
    bare_clock = VoutClock(vlc, bare_player)

    # When the app hands the URL to libVLC (panel.play → MediaPlayer.play), to split the app's
    # time into "before libVLC" (choice, pre-flight, thread hops) and "libVLC".
    handed: list[float] = []
    original_play = window.player.play

    def timed_play(*args, **kwargs):  # type: ignore[no-untyped-def]
        handed.append(time.monotonic())
        return original_play(*args, **kwargs)

    window.player.play = timed_play
    before_libvlc: list[float] = []

    def app_run(warm: bool = False) -> tuple[float, str]:
        # Stopping a playing player hands it to the reaper and the panel takes a fresh one
        # (issue 15): the clock follows the player the next play will use.
        if clocks and clocks[0].player is not window.player.vlc_player():
            clocks[0] = VoutClock(vlc, window.player.vlc_player())
        for clock in clocks:
            clock.arm()
        handed.clear()
        start = time.monotonic()
        window.play_item(media)
        if warm:
            wait_until(lambda: window.player.state() == "playing", 30, "the app's warm-up play")
            settle(0.5)
            clocks.append(VoutClock(vlc, window.player.vlc_player()))
        else:
            wait_until(lambda: clocks[0].at is not None, 30, "the app's first frame")
        url = window.controller.current_plan.url
        if handed:
            before_libvlc.append(handed[0] - start)
        window.controller.close()
        wait_until(lambda: window.player.state() in ("stopped", "idle"), 10, "the app's player to stop")
        return (0.0 if warm else clocks[0].at - start), url

    def bare_run(url: str) -> float:
        bare_clock.arm()
        start = time.monotonic()
        m = bare_instance.media_new(url)
        bare_player.set_media(m)
        m.release()
        bare_player.play()
        if not bare_clock.wait(30):
            raise TimeoutError("bare python-vlc showed no frame")
        result = bare_clock.at - start
        bare_player.stop()
        return result

    ours: list[float] = []
    baseline: list[float] = []
    url = ""
    # Warm-up (not counted): the first play loads decoders and the demuxer for both.
    _, url = app_run(warm=True)
    bare_run(url)
    for i in range(runs):
        order = (0, 1) if i % 2 == 0 else (1, 0)  # alternate who goes first
        for who in order:
            if who == 0:
                value, url = app_run()
                ours.append(value)
            else:
                baseline.append(bare_run(url))
            settle(0.05)
    # A pre-flight alone (choose + sign + GET of the manifest), as the controller runs one.
    from fastpix_viewer.ui.playback.controller import prepare_playback, vlc_user_agent

    agent = vlc_user_agent()
    preflight = []
    for _ in range(max(3, runs // 2)):
        begin = time.monotonic()
        prepare_playback(client, media, max_resolution=None, dvr=False, user_agent=agent, want_poster=False)
        preflight.append(time.monotonic() - begin)
    emit({"ours": ours, "baseline": baseline, "preflight": preflight, "before_libvlc": before_libvlc[1:], "vout_args": vlc_args,
          "instance_args": vlc_setup.instance_args(vlc_args), "media_id": media.id,
          "signed": bool(getattr(window.controller.current_plan, "signed", False))
          if window.controller.current_plan else None})
    bare_player.release()
    bare_instance.release()
    window.close()
    window.shutdown()
    pool.shutdown(timeout=1.0)
    client.close()
    vlc_setup.release_shared_instance()
    finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
