"""api.step_aside.cpu_turn: the CPU-bound part of listing pages runs one thread at a time while
their network waits overlap (issue 15: fewer threads competing with the UI thread for the GIL)."""

from __future__ import annotations

import threading
import time

from fastpix_viewer.api import step_aside


def test_pages_overlap_on_the_network_but_parse_one_at_a_time(client, monkeypatch):
    from fastpix_viewer.api import client as client_module

    inside, most, lock = [0], [0], threading.Lock()
    real = client_module.build_page

    def counting_build_page(*args, **kwargs):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        try:
            time.sleep(0.02)  # a slow parse: others arriving meanwhile would overlap it
            return real(*args, **kwargs)
        finally:
            with lock:
                inside[0] -= 1

    monkeypatch.setattr(client_module, "build_page", counting_build_page)
    pages: list[int] = []
    threads = [threading.Thread(target=lambda n=n: pages.append(len(client.media_page(n, limit=5).items)))
               for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert pages == [5, 5, 5, 5]  # every page arrived
    assert most[0] == 1


def test_the_turn_is_reentrant_on_one_thread():
    with step_aside.cpu_turn, step_aside.cpu_turn:  # a parse that parses again does not wait for itself
        pass
