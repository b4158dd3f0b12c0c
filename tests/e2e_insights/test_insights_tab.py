"""The Insights tab of the details (issue 18 item 1), end to end against the sandbox: each
feature's status, Generate… followed until ready, a failed generation, and a workspace whose
plan has no AI features (in every refusal form the sandbox serves)."""

from __future__ import annotations

import httpx
from fpv_insights_helpers import (
    BARS,
    KEYNOTE,
    control,
    insights_tab,
    media_body,
    media_titled,
    show_media,
)
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from fastpix_viewer.api.insight_results import InsightKind
from fastpix_viewer.api.models import format_duration

PLAN_WORDS = "plan does not include in-video AI features"


def _accept(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_ready_insights_of_a_media_are_shown_with_their_status(app, sandbox):
    keynote = media_titled(sandbox, KEYNOTE)
    window = app.window()
    feature = insights_tab(window)
    show_media(app, window, keynote["id"])
    section = feature.section
    app.qtbot.waitUntil(lambda: section.status_of(InsightKind.CHAPTERS) == "ready", timeout=10000)
    served = media_body(sandbox, keynote["id"])
    assert section.status_of(InsightKind.SUMMARY) == "ready"
    assert section.summary_text.toPlainText() == served["summary"]["data"]
    assert section.chapter_rows() == [(format_duration(c["startTime"]), c["title"])
                                      for c in served["chapters"]["data"]]
    assert section.status_of(InsightKind.ENTITIES) == "ready"
    assert section.entities_text.text().startswith(served["namedEntities"]["data"][0]["entity"])
    assert section.status_of(InsightKind.MODERATION) == "not requested"
    assert section.boxes[InsightKind.MODERATION].generate_button.isEnabled()


def test_generate_is_followed_until_ready(app, sandbox):
    control(sandbox, preparing_delay=0.6)
    bars = media_titled(sandbox, BARS)
    window = app.window()
    feature = insights_tab(window)
    feature.jobs.interval = 0.1
    show_media(app, window, bars["id"])
    section = feature.section
    assert section.status_of(InsightKind.CHAPTERS) == "not requested" and section.chapter_rows() == []
    section.boxes[InsightKind.CHAPTERS].generate_button.click()
    dialog = feature.generate_dialog
    assert dialog is not None and dialog.isVisible()
    assert "the chapters of “Colour bars (private)”" in dialog.findChild(QLabel, "generateNote").text()
    _accept(dialog)
    app.qtbot.waitUntil(lambda: section.status_of(InsightKind.CHAPTERS) == "preparing", timeout=5000)
    assert not section.boxes[InsightKind.CHAPTERS].generate_button.isEnabled()  # one request at a time
    app.qtbot.waitUntil(lambda: section.status_of(InsightKind.CHAPTERS) == "ready", timeout=10000)
    served = media_body(sandbox, bars["id"])["chapters"]["data"]
    assert section.chapter_rows() == [(format_duration(c["startTime"]), c["title"]) for c in served]
    assert "The chapters of “Colour bars (private)” are ready." in window.status_text()
    # A summary of the chosen length, through the same dialog.
    section.boxes[InsightKind.SUMMARY].generate_button.click()
    feature.generate_dialog.length_spin.setValue(30)
    _accept(feature.generate_dialog)
    app.qtbot.waitUntil(lambda: section.status_of(InsightKind.SUMMARY) == "ready", timeout=10000)
    assert 0 < len(section.summary_text.toPlainText().split()) <= 30
    app.wait_idle(window)


def test_a_cancelled_dialog_asks_nothing(app, sandbox):
    bars = media_titled(sandbox, BARS)
    window = app.window()
    feature = insights_tab(window)
    show_media(app, window, bars["id"])
    feature.section.boxes[InsightKind.ENTITIES].generate_button.click()
    feature.generate_dialog.reject()
    app.wait_idle(window)
    assert "namedEntities" not in media_body(sandbox, bars["id"])
    assert feature.section.status_of(InsightKind.ENTITIES) == "not requested"


def test_a_failed_generation_says_so(app, sandbox):
    control(sandbox, preparing_delay=0.3, fail=["namedEntities"])
    bars = media_titled(sandbox, BARS)
    window = app.window()
    feature = insights_tab(window)
    feature.jobs.interval = 0.1
    show_media(app, window, bars["id"])
    section = feature.section
    section.boxes[InsightKind.ENTITIES].generate_button.click()
    _accept(feature.generate_dialog)
    app.qtbot.waitUntil(lambda: section.status_of(InsightKind.ENTITIES) == "failed", timeout=10000)
    assert section.message() == "FastPix could not generate the named entities of “Colour bars (private)”; try again later."
    assert section.entities_text.isHidden()
    assert section.boxes[InsightKind.ENTITIES].generate_button.isEnabled()  # try again
    app.wait_idle(window)


def test_a_plan_without_ai_features_reads_not_available(app, sandbox, ai_refusal):
    keynote, bars = media_titled(sandbox, KEYNOTE), media_titled(sandbox, BARS)
    window = app.window()
    feature = insights_tab(window)
    show_media(app, window, bars["id"])
    section = feature.section
    section.boxes[InsightKind.SUMMARY].generate_button.click()
    _accept(feature.generate_dialog)
    app.qtbot.waitUntil(lambda: PLAN_WORDS in section.message(), timeout=10000)
    assert PLAN_WORDS in window.status_text()
    for kind in InsightKind:
        assert section.status_of(kind) == "not available on this workspace"
        assert not section.boxes[kind].generate_button.isEnabled()
    assert "summary" not in media_body(sandbox, bars["id"])
    # What was made before stays readable; only what is missing reads "not available".
    show_media(app, window, keynote["id"])
    app.qtbot.waitUntil(lambda: section.status_of(InsightKind.CHAPTERS) == "ready", timeout=10000)
    assert section.chapter_rows()
    assert section.status_of(InsightKind.MODERATION) == "not available on this workspace"


def test_api_text_is_shown_as_plain_text(app, sandbox):
    bars = media_titled(sandbox, BARS)
    hostile = "<b>Bold</b> <img src='http://127.0.0.1:9/x.png'> &amp;"
    httpx.patch(f"{sandbox.api_base}/on-demand/{bars['id']}", json={"title": hostile},
                auth=(sandbox.token_id, sandbox.secret_key), timeout=10).raise_for_status()
    control(sandbox, preparing_delay=0)
    window = app.window()
    feature = insights_tab(window)
    feature.jobs.interval = 0.1
    show_media(app, window, bars["id"])
    section = feature.section
    section.boxes[InsightKind.SUMMARY].generate_button.click()
    _accept(feature.generate_dialog)
    app.qtbot.waitUntil(lambda: section.status_of(InsightKind.SUMMARY) == "ready", timeout=10000)
    assert section.summary_text.toPlainText().startswith(hostile)
    app.wait_idle(window)
