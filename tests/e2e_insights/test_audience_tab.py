"""The Audience tab (issue 18 item 5 of the issue, item 4 of this wave), end to end: views and
unique viewers of a media and of a live stream from the sandbox's Video Data, the span
switch, the chart's bars drawn where the numbers put them, and the note on what counts."""

from __future__ import annotations

from fpv_insights_helpers import KEYNOTE, api_get, media_titled, show_media

from fastpix_viewer.api.metrics import AUDIENCE_NOTE
from fastpix_viewer.ui.core.items import STREAMS_TAB
from fastpix_viewer.ui.details.audience_chart import VIEWS_COLOUR


def _served(sandbox, filter_by: str, token: str, group: str, metric: str = "views") -> list[int]:
    body = api_get(sandbox, f"data/metrics/{metric}/timeseries", **{
        "timespan[]": token, "filterby[]": filter_by, "groupBy": group, "measurement": "count", "sortOrder": "asc"})
    return [p["metricValue"] for p in body["data"]]


def _audience_tab(window):
    tab = window.insights.audience
    window.info_tabs.setCurrentWidget(tab)
    return tab


def test_views_of_a_media_over_the_chosen_span(app, sandbox):
    keynote = media_titled(sandbox, KEYNOTE)
    window = app.window()
    tab = _audience_tab(window)
    show_media(app, window, keynote["id"])
    app.qtbot.waitUntil(lambda: tab.chart.audience() is not None, timeout=10000)
    views = _served(sandbox, f"media_id:{keynote['id']}", "7:days", "day")
    audience = tab.chart.audience()
    assert [p.views for p in audience.points] == views
    assert tab.summary_label.text().startswith(f"{sum(views)} view")
    assert tab.note_label.text() == AUDIENCE_NOTE and "FastPix-instrumented players" in AUDIENCE_NOTE
    tab.set_span("24h")
    app.qtbot.waitUntil(lambda: tab.chart.audience() is not None and tab.chart.audience().span.label == "24h",
                        timeout=10000)
    hourly = _served(sandbox, f"media_id:{keynote['id']}", "24:hours", "hour")
    assert [p.views for p in tab.chart.audience().points] == hourly
    unique = _served(sandbox, f"media_id:{keynote['id']}", "24:hours", "hour", "unique_viewers")
    assert [p.unique_viewers for p in tab.chart.audience().points] == unique
    app.wait_idle(window)


def test_the_chart_draws_a_bar_per_interval(app, sandbox):
    keynote = media_titled(sandbox, KEYNOTE)
    window = app.window()
    tab = _audience_tab(window)
    show_media(app, window, keynote["id"])
    app.qtbot.waitUntil(lambda: tab.chart.audience() is not None, timeout=10000)
    chart = tab.chart
    image = chart.grab().toImage()
    points = chart.audience().points
    rects = chart.bar_rects()
    assert len(rects) == len(points)
    tallest = max(range(len(points)), key=lambda i: points[i].views or 0)
    assert (points[tallest].views or 0) > 0
    bar = rects[tallest]
    # The tallest bar reaches the top of the plot; its lower part is in the views colour.
    assert abs(bar.top() - chart.plot_rect().top()) < 1
    x, y = int(bar.center().x()), int(bar.bottom() - 3)
    assert image.pixelColor(x, y) == VIEWS_COLOUR
    empty = [i for i, p in enumerate(points) if not p.views]
    for i in empty:  # no views: nothing drawn above the axis
        assert image.pixelColor(int(rects[i].center().x()), int(chart.plot_rect().top()) + 2) != VIEWS_COLOUR


def test_views_of_a_live_stream(app, sandbox):
    window = app.window()
    tab = _audience_tab(window)
    stream = window.streams_model.objects()[0]
    assert window.select(STREAMS_TAB, stream.id)
    app.qtbot.waitUntil(lambda: tab.chart.audience() is not None, timeout=10000)
    assert tab.chart.audience().subject == f"stream:{stream.id}"
    assert [p.views for p in tab.chart.audience().points] == _served(
        sandbox, f"fp_live_stream_id:{stream.id}", "7:days", "day")
    app.wait_idle(window)


def test_the_audience_loads_when_its_tab_is_shown(app, sandbox):
    keynote = media_titled(sandbox, KEYNOTE)
    window = app.window()
    window.info_tabs.setCurrentIndex(0)
    show_media(app, window, keynote["id"])
    tab = window.insights.audience
    assert tab.chart.audience() is None and tab.summary_label.text() == ""  # nothing asked yet
    window.info_tabs.setCurrentWidget(tab)
    app.qtbot.waitUntil(lambda: tab.chart.audience() is not None, timeout=10000)
    app.wait_idle(window)
