"""The soak's fail conditions and probes: each one must notice what it is there to notice."""

from __future__ import annotations

import logging
import threading

import httpx
import pytest

from soak import faults
from soak.probes import ExceptionProbe, HttpProbe
from soak.run import verdict

ALL_SERVED = {kind: 1 for kind in faults.EXPECTED_KINDS}
CLEAN = {"unhandled_exceptions": [], "open_requests_at_end": 0, "stall": {"max_ms": 120.0}}


def test_a_clean_run_passes():
    assert verdict(dict(CLEAN), ALL_SERVED) == []


def curve(floor_by_minute, spike_every=4, spike_mb=120.0):
    """RSS every 10 s for len(floor_by_minute) minutes: the floor of each minute plus a spike
    (a list load, a playback) every `spike_every` samples."""
    samples = []
    for minute, floor in enumerate(floor_by_minute):
        for i in range(6):
            at = minute * 60 + i * 10
            samples.append([at, floor + (spike_mb if (at // 10) % spike_every == 3 else 0.0)])
    return samples


def run_with(samples):
    return {**CLEAN, "seconds": samples[-1][0], "rss_curve": samples, "rss_warm_at_s": 60,
            "rss_warm_mb": samples[6][1], "rss_end_mb": samples[-1][1]}


def test_memory_spikes_that_are_given_back_pass():
    samples = curve([150, 200, 200, 205, 200, 210])
    samples[-1][1] += 150  # the last sample lands on a spike: not growth
    assert verdict(run_with(samples), ALL_SERVED) == []


def test_a_rising_memory_floor_fails_the_soak():
    reasons = verdict(run_with(curve([150, 200, 215, 230, 245, 260])), ALL_SERVED)
    assert len(reasons) == 1 and "RSS grew 30% after warm-up" in reasons[0], reasons


def test_a_long_run_with_spikes_bunched_at_the_end_but_a_flat_floor_passes():
    # 30 minutes, floor flat at 200 MB; in the last minute three of six samples are spikes
    # (what failed the 30-minute soak of 2026-12-05 at +45 % with one-minute windows).
    samples = curve([150] + [200] * 29, spike_every=6)
    for sample in samples[-6:-3]:
        sample[1] += 150
    assert verdict(run_with(samples), ALL_SERVED) == []


def test_a_long_run_whose_floor_rises_slowly_still_fails():
    # +2 MB a minute for 29 minutes: +26 % between the first and the last 3-minute windows.
    samples = curve([150] + [200 + 2 * m for m in range(29)])
    reasons = verdict(run_with(samples), ALL_SERVED)
    assert len(reasons) == 1 and "RSS grew" in reasons[0], reasons


def test_a_short_run_has_no_memory_verdict():
    samples = curve([100, 300])
    assert verdict({**run_with(samples), "seconds": 30}, ALL_SERVED) == []


@pytest.mark.parametrize(("change", "served", "expected"), [
    ({"crash": "killed by signal 11"}, ALL_SERVED, "crashed"),
    ({"unhandled_exceptions": ["ValueError: boom"]}, ALL_SERVED, "unhandled exception"),
    ({"open_requests_at_end": 2}, ALL_SERVED, "still open"),
    ({"stall": {"max_ms": 2400.0}}, ALL_SERVED, "blocked for 2400 ms"),
    ({}, {**ALL_SERVED, "segment404": 0}, "never served: segment404"),
])
def test_each_fail_condition_is_reported(change, served, expected):
    reasons = verdict({**CLEAN, **change}, served)
    assert len(reasons) == 1 and expected in reasons[0]


def test_the_default_fault_mix_parses_and_names_every_kind(sandbox):
    from fastpix_viewer.sandbox.faults import parse_spec

    rules = parse_spec(faults.SPEC)
    counters = {rule.counter for rule in rules}
    assert set(faults.EXPECTED_KINDS) <= counters


def test_the_http_probe_sees_a_request_left_open_and_its_close(sandbox, monkeypatch):
    probe = HttpProbe()
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", httpx.HTTPTransport.handle_request)
    from fastpix_viewer.api.client import FastPixClient
    from fastpix_viewer.api.http import HttpTransport

    monkeypatch.setattr(HttpTransport, "request", HttpTransport.request)
    monkeypatch.setattr(FastPixClient, "_call", FastPixClient._call)
    probe.install()
    with httpx.Client() as client:
        with client.stream("GET", f"{sandbox.api_base}/live/streams", auth=(sandbox.token_id, sandbox.secret_key)):
            assert probe.open_requests() == 1  # answered, body not read: still open
        assert probe.open_requests() == 0
        client.get(f"{sandbox.api_base}/live/streams", auth=(sandbox.token_id, sandbox.secret_key))
    assert probe.open_requests() == 0 and probe.sent == 2


def test_the_exception_probe_counts_what_the_crash_hooks_log(qapp):
    from fastpix_viewer.ui.app.crash import install_crash_hooks

    probe = ExceptionProbe()
    probe.install()
    hooks = install_crash_hooks(show_dialog=False)
    try:
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
    finally:
        hooks.uninstall()
        logging.getLogger().removeHandler(probe)
    assert len(probe.unhandled) == 1 and "ZeroDivisionError" in probe.unhandled[0]
