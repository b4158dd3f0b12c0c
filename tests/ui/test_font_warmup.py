"""core.font_warmup (issue 15): the fallback fonts of non-Latin titles are loaded after the
window's first paint, one script per turn of the event loop (the window keeps answering
meanwhile), once per process."""

from __future__ import annotations

from fpv_support.paint_counter import PaintCounter

from fastpix_viewer.ui.core import font_warmup
from fastpix_viewer.ui.core.font_warmup import SAMPLES, _FontWarmUp, warm_up_fonts_after_paint


def test_fonts_are_warmed_after_the_first_paint_a_script_per_turn_and_once(qapp, qtbot, monkeypatch):
    monkeypatch.setattr(font_warmup, "_started", False)
    window = PaintCounter()
    qtbot.addWidget(window)
    window.show()
    drawn: list[tuple[int, int]] = []  # (window paints so far, samples left) at each turn
    real_next = _FontWarmUp._next

    def watched_next(self) -> None:
        real_next(self)
        drawn.append((window.paints, self.remaining()))

    monkeypatch.setattr(_FontWarmUp, "_next", watched_next)
    warm_up_fonts_after_paint(window)
    assert drawn == []  # nothing in the turn that showed the window
    qtbot.waitUntil(lambda: len(drawn) > len(SAMPLES), timeout=5000)
    qtbot.waitUntil(lambda: not qapp.findChildren(_FontWarmUp), timeout=5000)

    assert drawn[0][0] >= 1  # the window had painted before the first sample
    # One sample per turn, every sample, then the warm-up let itself go.
    assert [left for _, left in drawn] == [*range(len(SAMPLES) - 1, -1, -1), 0]

    drawn.clear()
    warm_up_fonts_after_paint(window)  # a second window: the fonts are loaded already
    qtbot.wait(100)
    assert drawn == [] and not qapp.findChildren(_FontWarmUp)
