"""In-video AI features and generated subtitles, as FastPix serves them (spec "In-video AI
features" and ``generate-subtitles``).

Each media's summary, chapters, named entities and moderation are deterministic: derived from
its title, its sample recording's label and its real duration (chapters start on segment
boundaries of the recording, so a player can seek to them). A request goes through
"preparing" for ``preparing_delay`` seconds, then turns "ready" (or "failed" for the features
switched to fail). The results appear in the media object as ``{status, data}``.

Control (``/_sandbox/insights``, unauthenticated like the rest of ``/_sandbox``)::

    POST /_sandbox/insights {"ai_features": false}      the plan refuses AI features (403)
                            {"refusal": 403|402|400}    how it refuses: 403 (default), 402
                                                        (payment required) or a 400 worded
                                                        about the plan (notes §10: FastPix's
                                                        form is not documented)
                            {"list_ai_fields": false}   the media list leaves the AI fields out
                                                        (GET of one media has them); unknown
                                                        for FastPix, so both forms are served
                            {"preparing_delay": 0.5}    seconds a generation stays preparing
                            {"fail": ["chapters", "subtitles"]}  these generations end "failed"
                            {"data_form": "list"|"hms"|"json-string"|"text"}  how `data` looks
                            {"status_case": "lower"|"title"|"upper"}  "ready" / "Ready" / "READY"
                            {"ready_word": "ready"|"available"}
                            {"subtitle_ids": true}      generatedSubtitles entries carry the
                                                        track's "id" (the spec's have only status, url)
    GET  /_sandbox/insights                             the current switches

FastPix documents no structure for ``data`` (the spec types it as a string or a free
object), so ``data_form`` serves each plausible form: a list of objects with seconds
("list"), the same with "HH:MM:SS" times ("hms"), that list as a JSON string
("json-string") or plain text lines ("text").
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import responses as r
from .insight_content import (
    SUMMARY_DEFAULT,
    SUMMARY_MAX,
    SUMMARY_MIN,
    chapters_for,
    feature_data,
    summary_for,
    vtt_text,
)
from .model import MediaRecord
from .state import SandboxState, public_base, sandbox_state

FEATURES = ("summary", "chapters", "namedEntities", "moderation")
FAILABLE = (*FEATURES, "subtitles")
DATA_FORMS = ("list", "hms", "json-string", "text")
STATUS_CASES = ("lower", "title", "upper")
READY_WORDS = ("ready", "available")
MODERATION_TYPES = ("video", "audio", "av")
DEFAULT_PREPARING_DELAY = 1.0
# Seed media whose insights are already there at start (so the demo has something to find).
PRESET_TITLES = ("Keynote", "Product tour (1080p / 720p / 480p)", "Interview — English / Español")

REFUSAL_MESSAGE = "feature not available"
REFUSAL_DESCRIPTION = ("In-video AI features are not included in your workspace's current plan. "
                       "Upgrade your plan to use them.")
# Every plausible way a plan without AI features could say no: (status, message, description).
REFUSALS = {
    403: (REFUSAL_MESSAGE, REFUSAL_DESCRIPTION),
    402: ("payment required", "Your subscription has no in-video AI credits. Add a payment method "
                              "or change your billing plan."),
    400: ("bad request", "This feature needs a plan upgrade: in-video AI is not part of the "
                         "workspace's subscription."),
}


@dataclass
class Job:
    ready_at: float
    fails: bool
    options: dict = field(default_factory=dict)


@dataclass
class SubtitleJob:
    id: str
    track_id: str
    language_code: str
    language_name: str
    ready_at: float
    fails: bool


class InsightBook:
    """The AI state of one sandbox: switches, requests per media and feature, subtitle jobs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.ai_features = True
            self.refusal = 403
            self.list_ai_fields = True
            self.preparing_delay = DEFAULT_PREPARING_DELAY
            self.fail: set[str] = set()
            self.data_form = "list"
            self.status_case = "lower"
            self.ready_word = "ready"
            self.subtitle_ids = False
            self.jobs: dict[tuple[str, str], Job] = {}
            self.subtitles: dict[str, list[SubtitleJob]] = {}
            self.preset_done = False

    def preset(self, media: list[MediaRecord]) -> None:
        """Seed media listed in PRESET_TITLES start with their insights ready."""
        with self._lock:
            if self.preset_done:
                return
            self.preset_done = True
            for m in media:
                if m.title in PRESET_TITLES and m.status == "Ready":
                    for feature in ("summary", "chapters", "namedEntities"):
                        self.jobs[(m.id, feature)] = Job(ready_at=0.0, fails=False)

    def request(self, media_id: str, feature: str, options: dict) -> None:
        with self._lock:
            self.jobs[(media_id, feature)] = Job(time.monotonic() + self.preparing_delay, feature in self.fail, options)

    def cancel(self, media_id: str, feature: str) -> None:
        with self._lock:
            self.jobs.pop((media_id, feature), None)

    def job(self, media_id: str, feature: str) -> Job | None:
        with self._lock:
            return self.jobs.get((media_id, feature))

    def add_subtitles(self, media_id: str, track_id: str, code: str, name: str) -> SubtitleJob:
        with self._lock:
            job = SubtitleJob(str(uuid.uuid4()), track_id, code, name,
                              time.monotonic() + self.preparing_delay, "subtitles" in self.fail)
            self.subtitles.setdefault(media_id, []).append(job)
            return job

    def subtitle_jobs(self, media_id: str) -> list[SubtitleJob]:
        with self._lock:
            return list(self.subtitles.get(media_id, ()))

    def find_subtitle(self, subtitle_id: str) -> tuple[str, SubtitleJob] | None:
        with self._lock:
            for media_id, jobs in self.subtitles.items():
                for job in jobs:
                    if job.id == subtitle_id:
                        return media_id, job
        return None

    def word(self, state: str) -> str:
        """A status word in the configured case ("ready" may be spelt "available")."""
        text = self.ready_word if state == "ready" else state
        return {"lower": text.lower(), "title": text.title(), "upper": text.upper()}[self.status_case]

    def switches(self) -> dict:
        return {"ai_features": self.ai_features, "refusal": self.refusal,
                "list_ai_fields": self.list_ai_fields, "preparing_delay": self.preparing_delay,
                "fail": sorted(self.fail), "data_form": self.data_form,
                "status_case": self.status_case, "ready_word": self.ready_word,
                "subtitle_ids": self.subtitle_ids}


def book(state: SandboxState) -> InsightBook:
    found = state.extras.get("insights")
    if found is None:
        found = InsightBook()
        state.extras["insights"] = found
        state.extras.setdefault("reset_hooks", []).append(found.reset)
    if not found.preset_done:
        found.preset([m for m in (state.workspace.media(mid) for mid in _seed_media_ids(state)) if m is not None])
    return found


def _seed_media_ids(state: SandboxState) -> list[str]:
    page = state.workspace.page_media(50, 1)
    ids = [m.id for m in page.items]
    pages = -(-page.total // 50)
    # Only the first pages: the preset titles are in the seed, never among scale fillers.
    for number in range(2, min(pages, 4) + 1):
        ids.extend(m.id for m in state.workspace.page_media(50, number).items)
    return ids


def decorate_media(state: SandboxState, m: MediaRecord, body: dict, request: Request, *,
                   listing: bool = False) -> None:
    """Add the AI fields and generated subtitles to a rendered media object (`listing`: an item
    of the media list, which carries the AI fields only while `list_ai_fields` is on)."""
    insights = book(state)
    now = time.monotonic()
    results: dict = {}
    for feature in (FEATURES if insights.list_ai_fields or not listing else ()):
        job = insights.job(m.id, feature)
        if job is None:
            continue
        if now < job.ready_at:
            results[feature] = {"status": insights.word("preparing"), "data": None}
        elif job.fails:
            results[feature] = {"status": insights.word("failed"), "data": None}
        else:
            results[feature] = {"status": insights.word("ready"),
                                "data": feature_data(m, feature, job.options, insights.data_form)}
    if results:
        # The spec's key order: the AI fields follow generatedSubtitles.
        ordered = {}
        for key, value in body.items():
            ordered[key] = value
            if key == "generatedSubtitles":
                ordered.update(results)
        ordered.update(results)  # (no generatedSubtitles key: at the end)
        body.clear()
        body.update(ordered)
    jobs = insights.subtitle_jobs(m.id)
    if not jobs:
        return
    base = public_base(request, "/stream")
    generated = []
    tracks = body.setdefault("tracks", [])
    for job in jobs:
        ident = {"id": job.id} if insights.subtitle_ids else {}
        if now < job.ready_at:
            generated.append({**ident, "status": "preparing", "url": None})
            tracks.append({"id": job.id, "type": "subtitle", "status": "preparing",
                           "languageCode": job.language_code, "languageName": job.language_name})
        elif job.fails:
            generated.append({**ident, "status": "failed", "url": None})
        else:
            generated.append({**ident, "status": "ready", "url": f"{base}/generated-subtitles/{job.id}.vtt"})
            tracks.append({"id": job.id, "type": "subtitle", "status": "available",
                           "languageCode": job.language_code, "languageName": job.language_name})
    body["generatedSubtitles"] = generated
    body["subtitleAvailable"] = body.get("subtitleAvailable") or any(
        t.get("type") == "subtitle" and t.get("status") == "available" for t in tracks)


# ---------------------------------------------------------------- API endpoints


def _refusal(status: int) -> Response:
    message, description = REFUSALS[status]
    return r.error(status, message, description)


async def _json_body(request: Request) -> object:
    try:
        return json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError):
        return None


def _validate(feature: str, body: object) -> tuple[list[tuple[str, str]], bool, dict]:
    """(problems, enable, options) for a feature's PATCH body as the spec defines it."""
    if not isinstance(body, dict):
        return [("body", "must be a JSON object")], False, {}
    if feature == "summary":
        problems = []
        if not isinstance(body.get("generate"), bool):
            problems.append(("generate", "is required and must be a boolean"))
        length = body.get("summaryLength", SUMMARY_DEFAULT)
        if not isinstance(length, int) or isinstance(length, bool) or not SUMMARY_MIN <= length <= SUMMARY_MAX:
            problems.append(("summaryLength", f"must be an integer from {SUMMARY_MIN} to {SUMMARY_MAX}"))
        return problems, body.get("generate") is True, {"summaryLength": length}
    if feature == "moderation":
        inner = body.get("moderation")
        kind = inner.get("type") if isinstance(inner, dict) else None
        if kind not in MODERATION_TYPES:
            return [("moderation.type", "must be one of video, audio, av")], False, {}
        return [], True, {"type": kind}
    flag = body.get(feature)
    if not isinstance(flag, bool):
        return [(feature, "is required and must be a boolean")], False, {}
    return [], flag, {}


def _ai_request(request: Request) -> tuple[SandboxState, MediaRecord, InsightBook] | Response:
    """The checks every AI endpoint makes first, in FastPix's order: credentials (401), the
    media (404), the plan (403); the refusal, or what the endpoint works on."""
    state = sandbox_state(request)
    if not state.credentials.accepts(request):
        return r.unauthorized()
    media = state.workspace.media(request.path_params["media_id"])
    if media is None:
        return r.not_found("media")
    insights = book(state)
    if not insights.ai_features:
        return _refusal(insights.refusal)
    return state, media, insights


def _generate(feature: str, enabled_key: str):
    async def endpoint(request: Request) -> Response:
        found = _ai_request(request)
        if isinstance(found, Response):
            return found
        _, media, insights = found
        problems, enable, options = _validate(feature, await _json_body(request))
        if problems:
            return r.validation_error(problems)
        if enable and media.status != "Ready":
            return r.error(400, "media not ready",
                           f"The media must be ready before its {feature} can be generated.")
        if enable:
            insights.request(media.id, feature, options)
        else:
            insights.cancel(media.id, feature)
        return r.ok({"mediaId": media.id, enabled_key: enable})
    return endpoint


async def get_summary(request: Request) -> Response:
    found = _ai_request(request)
    if isinstance(found, Response):
        return found
    _, media, insights = found
    job = insights.job(media.id, "summary")
    if job is None or time.monotonic() < job.ready_at or job.fails:
        return r.error(400, "summary not available",
                       "The summary has not been generated for this media, or it is still being prepared.")
    return r.ok(summary_for(media, int(job.options.get("summaryLength", SUMMARY_DEFAULT))))


async def generate_subtitles(request: Request) -> Response:
    from .wire import media_json

    found = _ai_request(request)
    if isinstance(found, Response):
        return found
    state, media, insights = found
    tracks = media_json(media, "", state.wire).get("tracks", [])
    track = next((t for t in tracks if t.get("id") == request.path_params["track_id"]), None)
    if track is None:
        return r.not_found("track")
    if track.get("type") != "audio":
        return r.error(400, "not an audio track", "Subtitles can be generated only from an audio track.")
    body = await _json_body(request)
    problems = []
    if not isinstance(body, dict):
        problems.append(("body", "must be a JSON object"))
    else:
        for name in ("languageCode", "languageName"):
            value = body.get(name)
            if not isinstance(value, str) or not value.strip() or len(value) > 64:
                problems.append((name, "is required and must be a short string"))
    if problems:
        return r.validation_error(problems)
    if media.status != "Ready":
        return r.error(400, "media not ready", "The media must be ready before subtitles can be generated.")
    job = insights.add_subtitles(media.id, track["id"], body["languageCode"].strip(), body["languageName"].strip())
    return r.ok({"id": job.id, "type": "subtitle", "languageCode": job.language_code,
                 "languageName": job.language_name})


async def subtitle_file(request: Request) -> Response:
    """The generated WebVTT: one cue per chapter, so it is visibly in step with the video."""
    state = sandbox_state(request)
    found = book(state).find_subtitle(request.path_params["subtitle_id"])
    media = state.workspace.media(found[0]) if found else None
    if found is None or media is None or time.monotonic() < found[1].ready_at or found[1].fails:
        return r.error(404, "subtitles not found", "No generated subtitles with that ID are ready.")
    return PlainTextResponse(vtt_text(chapters_for(media), found[1].language_name), media_type="text/vtt")


# ---------------------------------------------------------------- control


async def control_get(request: Request) -> Response:
    return JSONResponse(book(sandbox_state(request)).switches())


async def control_set(request: Request) -> Response:
    insights = book(sandbox_state(request))
    body = await _json_body(request)
    if not isinstance(body, dict):
        return JSONResponse({"ok": False, "error": "body must be a JSON object"}, status_code=400)
    problems = []
    for key in ("ai_features", "subtitle_ids", "list_ai_fields"):
        if key in body and not isinstance(body[key], bool):
            problems.append(f"{key} must be true or false")
    delay = body.get("preparing_delay", 0)
    if not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0:
        problems.append("preparing_delay must be seconds >= 0")
    fail = body.get("fail", [])
    if not isinstance(fail, list) or any(f not in FAILABLE for f in fail):
        problems.append(f"fail must be a list of {', '.join(FAILABLE)}")
    if "refusal" in body and (isinstance(body["refusal"], bool) or body["refusal"] not in REFUSALS):
        problems.append("refusal must be one of " + ", ".join(map(str, REFUSALS)))
    for key, allowed in (("data_form", DATA_FORMS), ("status_case", STATUS_CASES), ("ready_word", READY_WORDS)):
        if key in body and body[key] not in allowed:
            problems.append(f"{key} must be one of {', '.join(allowed)}")
    if problems:
        return JSONResponse({"ok": False, "error": "; ".join(problems)}, status_code=400)
    with insights._lock:
        for key in ("ai_features", "subtitle_ids", "list_ai_fields"):
            if key in body:
                setattr(insights, key, body[key])
        if "preparing_delay" in body:
            insights.preparing_delay = float(delay)
        if "fail" in body:
            insights.fail = set(fail)
        for key in ("data_form", "status_case", "ready_word", "refusal"):
            if key in body:
                setattr(insights, key, body[key])
    return JSONResponse({"ok": True, **insights.switches()})


routes = [
    Route("/on-demand/{media_id}/summary", _generate("summary", "isSummaryEnabled"), methods=["PATCH"]),
    Route("/on-demand/{media_id}/summary", get_summary, methods=["GET"]),
    Route("/on-demand/{media_id}/chapters", _generate("chapters", "isChaptersEnabled"), methods=["PATCH"]),
    Route("/on-demand/{media_id}/named-entities", _generate("namedEntities", "isNamedEntitiesEnabled"),
          methods=["PATCH"]),
    Route("/on-demand/{media_id}/moderation", _generate("moderation", "isModerationEnabled"), methods=["PATCH"]),
    Route("/on-demand/{media_id}/tracks/{track_id}/generate-subtitles", generate_subtitles, methods=["POST"]),
]
stream_routes = [Route("/generated-subtitles/{subtitle_id}.vtt", subtitle_file, methods=["GET"])]
control_routes = [
    Route("/insights", control_get, methods=["GET"]),
    Route("/insights", control_set, methods=["POST"]),
]
