"""Video Data audience numbers: views and unique viewers of one media or live stream over time.

FastPix's ``GET /data/metrics/{metricId}/timeseries`` answers ``{success, metadata, data:
[{intervalTime, metricValue, numberOfViews}], timespan}`` (spec). Only views reported by
FastPix-instrumented players count, so a media watched only in VLC or this app shows none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastpix_viewer.api import ids
from fastpix_viewer.api.cancel import CancelLike
from fastpix_viewer.api.errors import InputError, ProtocolError
from fastpix_viewer.api.models import _int

AUDIENCE_NOTE = "Only views from FastPix-instrumented players (FastPix Data SDK) are counted."


@dataclass(frozen=True)
class Span:
    """A FastPix timespan and the interval that gives a readable number of points."""

    token: str  # FastPix's form, e.g. "7:days"
    label: str  # e.g. "7d"
    group_by: str  # minute | ten_minutes | hour | day


SPANS: dict[str, Span] = {
    "60m": Span("60:minutes", "60m", "minute"),
    "6h": Span("6:hours", "6h", "ten_minutes"),
    "24h": Span("24:hours", "24h", "hour"),
    "3d": Span("3:days", "3d", "hour"),
    "7d": Span("7:days", "7d", "day"),
    "30d": Span("30:days", "30d", "day"),
}
_ALIASES = {"1h": "60m", "60min": "60m", "1d": "24h", "1w": "7d", "30:days": "30d", "7:days": "7d",
            "3:days": "3d", "24:hours": "24h", "6:hours": "6h", "60:minutes": "60m", "1m": "30d"}
_SPAN_TEXT = re.compile(r"^\s*(\d+)\s*([a-z:]+)\s*$")


def parse_span(text: str) -> Span:
    """"7d", "24h", "60m", "30d" (or FastPix's "7:days"); InputError for anything else."""
    key = (text or "").strip().lower()
    key = _ALIASES.get(key, key)
    if key in SPANS:
        return SPANS[key]
    raise InputError(f"The time span must be one of {', '.join(SPANS)} (FastPix offers only these).")


@dataclass(frozen=True)
class AudiencePoint:
    time: str  # ISO 8601 start of the interval, as FastPix sent it
    views: int | None
    unique_viewers: int | None


@dataclass(frozen=True)
class Audience:
    span: Span
    subject: str  # "media:<id>" or "stream:<id>"
    points: tuple[AudiencePoint, ...]
    granularity: str | None = None

    @property
    def total_views(self) -> int:
        return sum(p.views or 0 for p in self.points)

    @property
    def peak_unique_viewers(self) -> int:
        return max((p.unique_viewers or 0 for p in self.points), default=0)


def _number(value: object) -> int | None:
    if isinstance(value, float) and value == value and value >= 0 and value < 1e15:
        return round(value)
    number = _int(value)
    return number if number is not None and number >= 0 else None


def parse_timeseries(envelope: Mapping[str, Any], metric: str) -> tuple[dict[str, int | None], str | None]:
    """{intervalTime: value} from one timeseries answer (metricValue, else numberOfViews for views)."""
    data = envelope.get("data")
    if not isinstance(data, list):
        raise ProtocolError("FastPix sent audience data that is not a list.")
    values: dict[str, int | None] = {}
    for entry in data[:5000]:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("intervalTime"), str):
            continue
        value = _number(entry.get("metricValue"))
        if value is None and metric == "views":
            value = _number(entry.get("numberOfViews"))
        values[entry["intervalTime"]] = value
    metadata = envelope.get("metadata")
    granularity = metadata.get("granularity") if isinstance(metadata, Mapping) else None
    return values, granularity if isinstance(granularity, str) else None


def _subject(media_id: str | None, stream_id: str | None) -> tuple[str, str]:
    """(filterby value, subject) for one media or one live stream; the ID checked first."""
    if (media_id is None) == (stream_id is None):
        raise InputError("Give either a media ID or a live stream ID.")
    if media_id is not None:
        ids.media_id(media_id)
        return f"media_id:{media_id}", f"media:{media_id}"
    assert stream_id is not None
    ids.stream_id(stream_id)
    return f"fp_live_stream_id:{stream_id}", f"stream:{stream_id}"


class MetricsMixin:
    """`FastPixClient` methods for Video Data (uses its `_call`)."""

    _call: Callable[..., Mapping[str, Any]]

    def _timeseries(self, metric: str, span: Span, filter_by: str, cancel: CancelLike | None) -> Mapping[str, Any]:
        params = {"timespan[]": span.token, "filterby[]": filter_by, "groupBy": span.group_by,
                  "measurement": "count", "sortOrder": "asc"}
        return self._call("GET", f"data/metrics/{metric}/timeseries", params=params,
                          what="audience data", cancel=cancel)

    def audience(
        self, *, media_id: str | None = None, stream_id: str | None = None, span: str | Span = "7d",
        cancel: CancelLike | None = None,
    ) -> Audience:
        """Views and unique viewers per interval over `span`, for one media or one live stream."""
        filter_by, subject = _subject(media_id, stream_id)
        chosen = span if isinstance(span, Span) else parse_span(span)
        views, granularity = parse_timeseries(self._timeseries("views", chosen, filter_by, cancel), "views")
        unique, _ = parse_timeseries(self._timeseries("unique_viewers", chosen, filter_by, cancel), "unique_viewers")
        times = sorted(set(views) | set(unique))
        points = tuple(AudiencePoint(t, views.get(t), unique.get(t)) for t in times)
        return Audience(span=chosen, subject=subject, points=points, granularity=granularity)

    def total_views(
        self, *, media_id: str | None = None, stream_id: str | None = None, span: str | Span = "7d",
        cancel: CancelLike | None = None,
    ) -> int | None:
        """All views of one media or live stream over `span`, in one request (the same series
        the Audience tab sums); None when FastPix sent no intervals at all (no data)."""
        filter_by, _ = _subject(media_id, stream_id)
        chosen = span if isinstance(span, Span) else parse_span(span)
        views, _ = parse_timeseries(self._timeseries("views", chosen, filter_by, cancel), "views")
        return sum(v or 0 for v in views.values()) if views else None
