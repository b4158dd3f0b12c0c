"""VlcSession: the libVLC instance and MediaPlayer behind one PlayerPanel, and their reaper.

Threading: every libVLC call here runs on the main thread, with ONE deliberate exception,
the reaper (`retire`): a player that may be stuck in network I/O, or one with an input that
another media replaces, is stopped and released on a worker pool thread. libVLC's stop()
waits for its HLS downloader, which waits on the socket: with a stream host that stopped
answering, stop() on the main thread froze the window for 40+ s (measured), and with a slow
one each move to another recording took 300-550 ms (the chaos soak, issue 15). The retired player is detached from every signal first and
never touched by the main thread again, so no libVLC object is used from two threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from fastpix_viewer.ui.playback import vlc_setup
from fastpix_viewer.ui.playback.bridge import VlcBridge

log = logging.getLogger(__name__)

# Runs `work` (a blocking call) in the background (the owner's worker pool), then `done` on
# the main thread, whether `work` finished or raised.
Reaper = Callable[[Callable[[], None], Callable[[], None]], Any]


def forget_event_manager(vlc: Any, player: Any) -> None:
    """Drop python-vlc's memo of `player.event_manager()`: `memoize_parameterless` keeps a
    dict, never emptied, from each player to its EventManager, which kept every player
    wrapper, its EventManager and its ctypes callback trampoline alive for good (the soak's
    object census: +30 of each in 5 minutes, one per move to another recording). Call once
    the player's bridge is detached (no callback can come any more)."""
    memo = vars(vlc.MediaPlayer).get("event_manager") if vlc is not None else None
    cache = getattr(memo, "_cache", None)
    if isinstance(cache, dict):
        cache.pop(player, None)


class VlcSession:
    """Makes the instance and player on first use, swaps a stuck player, releases at the end.

    `connect_bridge` wires each new player's event bridge to the panel (it is called again
    for a replacement player). Volume and mute are re-applied to every new player.
    """

    def __init__(self, parent: QObject, connect_bridge: Callable[[VlcBridge], None],
                 instance: Any = None) -> None:
        self._parent = parent
        self._connect_bridge = connect_bridge
        self.vlc: Any = None  # python-vlc, imported on the first play (it dlopens libVLC)
        # The libVLC instance (plugin bank: ~60 ms) and the MediaPlayer are made on the first
        # play, not at construction: a window that only browses never pays for them (issue 15).
        self.instance: Any = instance
        self.player: Any = None
        self.bridge: VlcBridge | None = None
        self.reaper: Reaper | None = None
        self.shut_down = False
        self._retiring = 0  # retired players whose stop() has not returned yet
        self._when_retired: list[Callable[[], None]] = []

    def ensure(self, volume: int, muted: bool) -> None:
        """Make the instance (the app's shared one unless given) and the player if missing.

        Raises `vlc_setup.VlcUnavailableError` when libVLC refuses; the caller shows why.
        """
        if self.player is not None:
            return
        self.vlc = vlc_setup.load_vlc()
        if self.instance is None:
            self.instance = vlc_setup.shared_instance()
        self.player = self.instance.media_player_new()
        self._new_bridge(generation=0)
        self.player.audio_set_volume(volume)
        self.player.audio_set_mute(muted)

    def _new_bridge(self, generation: int) -> None:
        self.bridge = VlcBridge(self.player, self._parent)
        self.bridge.generation = generation
        self._connect_bridge(self.bridge)

    def stop(self, *, in_background: bool, volume: int, muted: bool) -> bool:
        """Stop the player; True when it was swapped for a fresh one (the native surface must
        then be attached again). `in_background` (a player that may be stuck, or one whose stop
        would wait on its downloads): it goes to the reaper if there is one."""
        if self.player is None:
            return False
        if in_background and self.reaper is not None:
            self._replace(volume, muted)
            return True
        self.player.stop()
        return False

    def _replace(self, volume: int, muted: bool) -> None:
        old, old_bridge = self.player, self.bridge
        generation = 0
        if old_bridge is not None:
            old_bridge.detach()
            old_bridge.deleteLater()
            generation = old_bridge.generation
        forget_event_manager(self.vlc, old)
        log.debug("replacing the player; the old one stops in the background")
        self.player = self.instance.media_player_new()
        self._new_bridge(generation)
        self.player.audio_set_volume(volume)
        self.player.audio_set_mute(muted)
        self.retire(old)

    def retire(self, player: Any) -> None:
        """THE exception to "libVLC on the main thread": stop and release `player` on a pool
        thread (see the module docstring). It must already be detached from its bridge."""
        assert self.reaper is not None
        self._retiring += 1
        self.reaper(lambda: (player.stop(), player.release()), self._retired)

    def _retired(self) -> None:
        self._retiring -= 1
        if self._retiring == 0:
            waiting, self._when_retired = self._when_retired, []
            for callback in waiting:
                callback()

    def when_retired(self, callback: Callable[[], None]) -> bool:
        """Call `callback` once every retired player has stopped (they may still draw into the
        native window until then); False, and no call, when none is stopping."""
        if self._retiring == 0:
            return False
        self._when_retired.append(callback)
        return True

    def next_generation(self) -> None:
        """Make every event the player already sent stale."""
        if self.bridge is not None:
            self.bridge.next_generation()

    def shutdown(self, *, in_background: bool) -> bool:
        """Release the player (idempotent); False if no libVLC object was ever made.

        `in_background`: a player that may be stuck or has an input goes to the reaper (the
        caller keeps the native window alive until `when_retired`); others stop in place.

        The app-wide instance outlives the panel: a window that replaces this one (workspace
        switch, reopen) plays without loading libVLC's plugins again, and repeated instance +
        playback cycles grew RSS (soak, issue 15). `app.main` releases it at exit.
        """
        self.shut_down = True
        player, self.player = self.player, None
        self.instance = None
        if player is None:
            return False
        bridge, self.bridge = self.bridge, None
        if bridge is not None:
            bridge.detach()  # no callbacks into Python while libVLC tears down
        forget_event_manager(self.vlc, player)
        if in_background and self.reaper is not None:
            self.retire(player)
        else:
            player.stop()
            player.release()
        return True
