"""Guards against known-bad Qt binding builds."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal(int)


def test_signal_emit_does_not_leak_true_refcount(qtbot):
    """PySide6 6.12.0 on Python 3.11 returns True from Signal.emit() without a
    reference; the count of True falls by one per emit until the interpreter
    aborts (bool_dealloc) after ~20 s of playback. 6.11.3 is fine."""
    emitter = _Emitter()
    received = []
    emitter.ping.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(2000):
        emitter.ping.emit(i)
    after = sys.getrefcount(True)
    assert len(received) == 2000
    # Python >= 3.12 makes True immortal (a huge constant count); on 3.11 a
    # leaking build loses 2000 references here.
    assert after >= before - 50, f"refcount of True fell from {before} to {after}"
