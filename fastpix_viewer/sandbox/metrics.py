"""Video Data metrics (spec "Metrics"): views and unique viewers over time and overall.

Counts are deterministic: a hash of (media or stream ID, metric, interval start), zero before
the media or stream existed, so the same question always gets the same answer. Only the
``views`` and ``unique_viewers`` metrics carry data here; every other metric in the spec's
enum answers with empty values. Filters: ``media_id:<id>`` and ``fp_live_stream_id:<id>``
(other dimensions are accepted and ignored, as an analytics store would count nothing extra).
"""

from __future__ import annotations

import hashlib
import re
import time
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import responses as r
from .responses import FastPixJSON
from .state import SandboxState, sandbox_state

METRICS = ("views", "unique_viewers", "playing_time", "quality_of_experience_score", "playback_score",
           "playback_failure_percentage", "exit_before_video_start", "video_startup_failure_percentage",
           "startup_score", "video_startup_time", "player_startup_time", "page_load_time",
           "total_startup_time", "live_stream_latency", "average_bitrate", "buffer_count",
           "render_quality_score", "avg_upscaling", "avg_downscaling", "max_upscaling",
           "max_downscaling", "jump_latency", "stability_score", "buffer_ratio", "buffer_frequency",
           "buffer_fill")
SPANS = {"60:minutes": 3600, "6:hours": 6 * 3600, "24:hours": 86400, "3:days": 3 * 86400,
         "7:days": 7 * 86400, "30:days": 30 * 86400}
GROUPS = {"minute": 60, "ten_minutes": 600, "hour": 3600, "day": 86400}
MAX_POINTS = 2000
_FILTER = re.compile(r"^(!?)([a-z_]+):(.+)$")


def _span(values: list[str], now: float) -> tuple[int, int] | str:
    if not values:
        values = ["24:hours"]
    if len(values) == 1 and values[0] in SPANS:
        end = int(now)
        return end - SPANS[values[0]], end
    if len(values) == 2 and all(v.isdigit() for v in values):
        start, end = int(values[0]), int(values[1])
        if start < end and end - start <= SPANS["30:days"] + 86400:
            return start, end
        return "must be two increasing epoch seconds at most 30 days apart"
    return "must be one of " + ", ".join(SPANS) + " or two epoch timestamps"


def _owner_created(state: SandboxState, dimension: str, value: str) -> float | None:
    """When the filtered media or stream was created (epoch seconds); None: not in this workspace."""
    ws = state.workspace
    record = ws.media(value) if dimension == "media_id" else ws.stream(value)
    return record.created_at.timestamp() if record is not None else None


def _count(key: str, metric: str, start: int, seconds: int) -> int:
    digest = hashlib.sha256(f"{key}:{start}".encode()).digest()
    # About 0-12 views per hour, scaled to the interval; unique viewers are a share of them.
    views = int.from_bytes(digest[:4], "big") % (1 + max(1, 12 * seconds // 3600))
    if metric == "unique_viewers":
        return views * (60 + digest[4] % 40) // 100
    return views


def _query(request: Request, state: SandboxState):
    """(metric, (start, end), owners [(key, created)], problems)."""
    metric = request.path_params["metric_id"]
    problems: list[tuple[str, str]] = []
    if metric not in METRICS:
        problems.append(("metricId", "is not a known metric"))
    span = _span(request.query_params.getlist("timespan[]"), time.time())
    if isinstance(span, str):
        problems.append(("timespan", span))
    owners: list[tuple[str, float]] = []
    filtered = False
    for text in request.query_params.getlist("filterby[]"):
        match = _FILTER.match(text)
        if not match:
            problems.append(("filterby", "must be dimension:value"))
            continue
        negate, dimension, value = match.groups()
        if dimension in ("media_id", "fp_live_stream_id") and not negate:
            filtered = True
            created = _owner_created(state, dimension, value)
            if created is not None:
                owners.append((f"{dimension}:{value}", created))
    if not filtered:
        owners.append(("workspace", 0.0))
    return metric, span, owners, problems


async def timeseries(request: Request) -> Response:
    state = sandbox_state(request)
    if not state.credentials.accepts(request):
        return r.unauthorized()
    metric, span, owners, problems = _query(request, state)
    group = request.query_params.get("groupBy", "hour")
    if group not in GROUPS:
        problems.append(("groupBy", "must be one of " + ", ".join(GROUPS)))
    if problems:
        return r.validation_error(problems)
    start, end = span
    step = GROUPS[group]
    first = start - start % step
    if (end - first) // step > MAX_POINTS:
        return r.validation_error([("groupBy", "gives too many intervals for this timespan")])
    points = []
    for at in range(first, end, step):
        views = sum(_count(f"{key}:views", "views", at, step) for key, created in owners if at + step > created)
        value: float | None = None
        if metric in ("views", "unique_viewers"):
            value = sum(_count(f"{key}:views", metric, at, step) for key, created in owners if at + step > created)
        points.append({"intervalTime": datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "metricValue": value, "numberOfViews": views})
    if request.query_params.get("sortOrder") == "desc":
        points.reverse()
    return FastPixJSON({"success": True, "metadata": {"granularity": group, "aggregation": "view_end"},
                        "data": points, "timespan": [start, end]})


async def overall(request: Request) -> Response:
    state = sandbox_state(request)
    if not state.credentials.accepts(request):
        return r.unauthorized()
    metric, span, owners, problems = _query(request, state)
    if problems:
        return r.validation_error(problems)
    start, end = span
    step = GROUPS["hour"]
    views = unique = 0
    for at in range(start - start % step, end, step):
        for key, created in owners:
            if at + step > created:
                views += _count(f"{key}:views", "views", at, step)
                unique += _count(f"{key}:views", "unique_viewers", at, step)
    value = views if metric == "views" else unique if metric == "unique_viewers" else 0
    return FastPixJSON({"success": True, "metadata": {"aggregation": "view_end"},
                        "data": {"value": value, "totalWatchTime": views * 41_000, "uniqueViews": unique,
                                 "totalViews": views, "totalPlayTime": views * 38_000, "globalValue": value},
                        "timespan": [start, end]})


routes = [
    Route("/data/metrics/{metric_id}/timeseries", timeseries, methods=["GET"]),
    Route("/data/metrics/{metric_id}/overall", overall, methods=["GET"]),
]
