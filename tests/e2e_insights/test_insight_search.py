"""Search that finds the moment (issue 18 item 3), end to end: the media list's filter matches
summaries, chapter titles and named entities gathered in the background (progress, Stop),
says where it matched, plays a chapter match from that chapter, and works from the offline
store with FastPix unreachable."""

from __future__ import annotations

import httpx
import pytest
from fpv_insights_helpers import INTERVIEW, KEYNOTE, control, media_body, media_titled
from fpv_support.cached_windows import windows_fixture
from fpv_support.sandboxes import running_sandbox
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fastpix_viewer.api.models import format_duration
from fastpix_viewer.ui.core.items import MEDIA_TAB

windows = windows_fixture("Search")


@pytest.fixture(params=[True, False], ids=["list-has-ai-fields", "list-without-ai-fields"])
def list_form(request, sandbox) -> bool:
    """Whether FastPix's media list carries the AI fields is unknown (notes §10): both forms."""
    control(sandbox, list_ai_fields=request.param)
    return request.param


def _gathered(app_or_qtbot, window) -> None:
    qtbot = getattr(app_or_qtbot, "qtbot", app_or_qtbot)
    search = window.insights.search.search
    qtbot.waitUntil(lambda: not search.is_running() and search.entry(_any_preset(window)) is not None,
                    timeout=20000)


def _any_preset(window) -> str:
    return next(o.id for o in window.media_model.objects() if getattr(o, "title", None) == KEYNOTE)


def _filter(window, text: str) -> list[str]:
    pane = window.media_pane
    window.list_tabs.setCurrentIndex(MEDIA_TAB)
    pane.filter_edit.setText(text)
    pane.apply_text_filter()
    return [pane.proxy.object_at(r).id for r in range(pane.proxy.rowCount())]


def test_a_chapter_title_finds_the_media_and_says_where(app, sandbox, list_form, monkeypatch):
    from fastpix_viewer.ui.lists import insight_search

    # Reports of 4 (2,000 in the app): the list's own rows reach the search in several reports,
    # and the count in the note adds them up.
    monkeypatch.setattr(insight_search, "LISTED_BATCH", 4)
    interview = media_titled(sandbox, INTERVIEW)
    chapter = media_body(sandbox, interview["id"])["chapters"]["data"][1]
    window = app.window()
    _gathered(app, window)
    note = window.insights.search.last_note
    assert note == f"AI insights gathered for search: 3 of {window.media_model.rowCount()} media have a summary, chapters or named entities."
    assert note not in window.status_text()  # a routine finish leaves the status bar to the user
    assert _filter(window, chapter["title"].upper()) == [interview["id"]]
    pane = window.media_pane
    where = pane.proxy.extra_match_at(0)
    assert where == f"in chapter “{chapter['title']}” at {format_duration(chapter['startTime'])}"
    pane.select_id(interview["id"])
    assert window.status_text() == f"Found {where}"


def test_a_word_of_a_summary_and_a_named_entity_find_their_media(app, sandbox, list_form):
    keynote = media_titled(sandbox, KEYNOTE)
    summary = media_body(sandbox, keynote["id"])["summary"]["data"]
    window = app.window()
    _gathered(app, window)
    assert "moves through" in summary
    found = _filter(window, "moves through colour bars")
    assert keynote["id"] in found
    where = window.media_pane.proxy.extra_match_at(found.index(keynote["id"]))
    assert where.startswith("in the summary: “") and "moves through colour bars" in where.casefold()
    assert _filter(window, "ana garcía") == [media_titled(sandbox, INTERVIEW)["id"]]
    assert window.media_pane.proxy.extra_match_at(0) == "in named entity “Ana García”"
    # The row's own text still matches as before, with no note.
    assert keynote["id"] in _filter(window, "keynote")
    assert window.media_pane.proxy.extra_match_at(0) is None
    assert _filter(window, "nothing like this anywhere") == []


def test_enter_on_a_chapter_match_plays_from_that_chapter(app, sandbox, list_form):
    interview = media_titled(sandbox, INTERVIEW)
    chapter = media_body(sandbox, interview["id"])["chapters"]["data"][2]
    window = app.window()
    _gathered(app, window)
    assert _filter(window, chapter["title"]) == [interview["id"]]
    pane = window.media_pane
    pane.select_id(interview["id"])
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_Return)
    player = window.player
    start = round(chapter["startTime"] * 1000)
    app.qtbot.waitUntil(lambda: player.state() == "playing" and player.time_ms() >= start - 500, timeout=20000)
    assert window.controller.current_item.id == interview["id"]


def test_gathering_shows_progress_and_can_be_stopped(app, sandbox):
    control(sandbox, list_ai_fields=False)  # each media is asked for: that takes a while
    httpx.post(f"{sandbox.control_base}/faults", json={"spec": "api/on-demand/*:latency=300", "seed": 1},
               timeout=10).raise_for_status()
    window = app.window()
    feature = window.insights.search
    app.qtbot.waitUntil(lambda: feature.status.isVisible(), timeout=10000)
    assert feature.progress_label.text().startswith("Gathering AI insights for search: ")
    feature.stop_button.click()
    assert not feature.search.is_running() and not feature.status.isVisible()
    assert window.status_text() == "Stopped gathering AI insights for search; what was gathered stays searchable."


@pytest.mark.parametrize("listed", [True, False], ids=["list-has-ai-fields", "list-without-ai-fields"])
def test_search_works_offline_from_the_saved_insights(windows, qtbot, listed):
    with running_sandbox() as own:
        control(own, list_ai_fields=listed)
        first, _t = windows.open(own)
        _gathered(qtbot, first)
        interview_id = next(o.id for o in first.media_model.objects() if getattr(o, "title", None) == INTERVIEW)
        assert _filter(first, "questions in spanish") == [interview_id]
        windows.close_all()
        own.stop()
        second, _t = windows.open(own, load=False)
        second.refresh()
        qtbot.waitUntil(lambda: second.offline.offline and second.media_model.rowCount() > 0, timeout=20000)
        search = second.insights.search.search
        qtbot.waitUntil(lambda: search.entry(interview_id) is not None and not search.is_running(), timeout=20000)
        assert _filter(second, "questions in spanish") == [interview_id]


def test_a_refresh_does_not_ask_for_every_media_again(windows, sandbox, qtbot, list_form):
    window, transport = windows.open(sandbox)
    _gathered(qtbot, window)
    ids = {o.id for o in window.media_model.objects()}

    def media_gets() -> int:
        return sum(1 for url in list(transport.urls) if url.split("?")[0].rsplit("/", 1)[-1] in ids)

    asked = media_gets()
    if list_form:  # the list's rows carry the AI fields: only the selected stream's recordings are asked
        assert asked <= window.recordings_model.rowCount()
    else:
        assert asked >= len(ids)  # each media once, for its insights
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading() and window.pool.pending_count() == 0, timeout=20000)
    # Only the selected stream's recordings are asked again (the recordings list), not every media.
    assert media_gets() - asked <= window.recordings_model.rowCount() < len(ids)


def test_gathering_reads_no_media_json_on_the_main_thread(app, sandbox, list_form, monkeypatch):
    """Records keep their JSON as bytes (issue 15); decoding every row on the main thread to
    start the gathering stalled a 10,000-media window for seconds. The job reads them."""
    import threading

    from fastpix_viewer.api import records

    window = app.window()
    _gathered(app, window)
    decoded_on_main: list[str] = []
    real_unpack = records.unpack

    def watched(data: bytes):
        if threading.current_thread() is threading.main_thread():
            decoded_on_main.append(data[:40].decode("utf-8", "replace"))
        return real_unpack(data)

    monkeypatch.setattr(records, "unpack", watched)
    search = window.insights.search.search
    search._fetched.clear()  # as after a new session: every row to gather again
    search.start([o for o in window.media_model.objects() if getattr(o, "raw_json", None)])
    assert decoded_on_main == []
    _gathered(app, window)


def test_starting_the_gathering_walks_no_row_on_the_main_thread(app, sandbox, list_form):
    """Which media are still to gather is worked out in the job: over 50,000 rows the walk held
    the window ~20 ms as the listing finished (issue 15)."""
    import threading

    window = app.window()
    _gathered(app, window)
    walked_on_main: list[int] = []

    class Rows(list):
        def __iter__(self):
            if threading.current_thread() is threading.main_thread():
                walked_on_main.append(len(self))
            return super().__iter__()

    search = window.insights.search.search
    search._fetched.clear()  # as after a new session: every row to gather again
    search.start(Rows(o for o in window.media_model.objects() if getattr(o, "raw_json", None)))
    assert search.is_running() and walked_on_main == []
    _gathered(app, window)
    assert len(search._fetched) >= 1
