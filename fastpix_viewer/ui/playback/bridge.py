"""libVLC events -> Qt signals.

libVLC calls event callbacks on its own threads, and calling libVLC from inside
one deadlocks (libVLC is not re-entrant). So each callback here only copies
plain values out of the event and emits a signal; receivers connect with
Qt.QueuedConnection (see `connect_queued`) so the reaction, including any libVLC
call, runs later on the main thread, never inside libVLC. That holds even for
events libVLC sends synchronously from the main thread (e.g. Stopped during
`stop()`), where an auto connection would call the slot inside libVLC.

Every signal carries the bridge's `generation` at the time of the event. The
owner bumps it whenever it stops or replaces the media, so an event from the
previous media that is still queued can be recognised and ignored.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from fastpix_viewer.ui.playback.vlc_setup import load_vlc


class VlcBridge(QObject):
    """Attach to a MediaPlayer's event manager; create and `detach()` on the main thread."""

    # First argument of every signal: the generation the event belongs to.
    opening = Signal(int)
    buffering = Signal(int, float)  # percent of the cache filled
    playing = Signal(int)
    paused = Signal(int)
    stopped = Signal(int)
    endReached = Signal(int)
    encounteredError = Signal(int)
    voutChanged = Signal(int, int)  # number of video outputs
    lengthChanged = Signal(int, "qlonglong")  # ms
    esChanged = Signal(int, int)  # elementary stream type (audio/video/text) added or removed

    def __init__(self, player: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        vlc = load_vlc()
        E = vlc.EventType
        # Thread idents seen per signal: diagnostics, and the test proving that
        # playback events arrive off the main thread. (Some events, such as
        # Opening or Stopped, are sent synchronously from the thread calling
        # play()/stop(); the queued connections cover those too.)
        self.callback_threads: dict[str, set[int]] = {}
        # Written on the main thread, read in callbacks (an int read is atomic).
        self.generation = 0
        # Keep strong references: python-vlc does not, and a collected event
        # manager or callback crashes inside libVLC.
        self._events = player.event_manager()
        self._handlers = {
            E.MediaPlayerOpening: lambda g, _e: self.opening.emit(g),
            E.MediaPlayerBuffering: lambda g, e: self.buffering.emit(g, float(e.u.new_cache)),
            E.MediaPlayerPlaying: lambda g, _e: self.playing.emit(g),
            E.MediaPlayerPaused: lambda g, _e: self.paused.emit(g),
            E.MediaPlayerStopped: lambda g, _e: self.stopped.emit(g),
            E.MediaPlayerEndReached: lambda g, _e: self.endReached.emit(g),
            E.MediaPlayerEncounteredError: lambda g, _e: self.encounteredError.emit(g),
            # python-vlc declares new_count 64-bit while libVLC's is an int:
            # mask it, or shiboken warns about an overflow.
            E.MediaPlayerVout: lambda g, e: self.voutChanged.emit(g, e.u.new_count & 0x7FFFFFFF),
            E.MediaPlayerLengthChanged: lambda g, e: self.lengthChanged.emit(g, int(e.u.new_length)),
            E.MediaPlayerESAdded: lambda g, e: self.esChanged.emit(g, self._es_type(e)),
            E.MediaPlayerESDeleted: lambda g, e: self.esChanged.emit(g, self._es_type(e)),
        }
        self._callbacks = {}
        for event_type, handler in self._handlers.items():
            callback = self._wrap(str(event_type).rsplit(".", 1)[-1], handler)
            self._callbacks[event_type] = callback
            self._events.event_attach(event_type, callback)

    @staticmethod
    def _es_type(event: Any) -> int:
        # python-vlc's legacy union has no ES member; its first field overlays
        # libVLC's `i_type` (audio 0, video 1, text 2, unknown -1).
        value = int(event.u.meta_type)
        return value - (1 << 32) if value > 0x7FFFFFFF else value

    def _wrap(self, name: str, handler):
        threads = self.callback_threads.setdefault(name, set())

        def callback(event: Any) -> None:
            threads.add(threading.get_ident())
            handler(self.generation, event)

        return callback

    def next_generation(self) -> int:
        """Mark every event sent so far as stale; call after stop() / before new media."""
        self.generation += 1
        return self.generation

    def connect_queued(self, signal_name: str, slot: Any) -> None:
        getattr(self, signal_name).connect(slot, Qt.ConnectionType.QueuedConnection)

    def detach(self) -> None:
        """Stop receiving events (idempotent); do this before releasing the player."""
        for event_type in list(self._callbacks):
            self._events.event_detach(event_type)
        self._callbacks.clear()
