"""`show REF --insights`, `generate REF FEATURE` and `views REF`: AI insights, generated
subtitles and audience numbers on the command line.

Exit statuses are the other commands' (runner.py): a workspace whose plan lacks AI features
gets one plain line and 3 (FastPix refused), a generation that FastPix reports failed gets 1,
a `--wait` that runs out of time gets 1 too (the request stands; check again with show).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from fastpix_viewer.api.display_names import display_name
from fastpix_viewer.api.insights import (
    SUMMARY_DEFAULT_WORDS,
    GenerationFailed,
    Insight,
    InsightKind,
    InsightStatus,
    MediaInsights,
    SubtitleJob,
    parse_insights,
)
from fastpix_viewer.api.metrics import AUDIENCE_NOTE, SPANS, Audience, parse_span
from fastpix_viewer.api.models import LiveStream, Media, format_duration
from fastpix_viewer.cli import output
from fastpix_viewer.cli.usage import UsageError

FEATURES = {"summary": InsightKind.SUMMARY, "chapters": InsightKind.CHAPTERS,
            "entities": InsightKind.ENTITIES, "moderation": InsightKind.MODERATION}


def add_parsers(command: Callable[[str, str], argparse.ArgumentParser], show: argparse.ArgumentParser) -> None:
    """Register the options and sub-commands of this module on the main parser."""
    show.add_argument("--insights", action="store_true",
                      help="also print the media's AI summary, chapters and named entities")
    generate = command("generate", "ask FastPix to generate a summary, chapters, named entities, "
                                   "moderation or subtitles for a media")
    generate.add_argument("ref", metavar="REF")
    generate.add_argument("feature", choices=(*FEATURES, "subtitles"), metavar="FEATURE",
                          help="summary | chapters | entities | moderation | subtitles")
    generate.add_argument("--language", metavar="CODE", help="subtitles: the spoken language (e.g. en, es, en-US)")
    generate.add_argument("--language-name", metavar="NAME", help=argparse.SUPPRESS)
    generate.add_argument("--track", metavar="ID", help="subtitles: the audio track (default: the first)")
    generate.add_argument("--length", type=int, metavar="WORDS", default=SUMMARY_DEFAULT_WORDS,
                          help="summary: about how many words (30-250, default 100)")
    generate.add_argument("--moderation-type", choices=("video", "audio", "av"), default="av",
                          help="moderation: what to check (default av)")
    generate.add_argument("--wait", action="store_true", help="wait until it is ready (or failed) and print it")
    generate.add_argument("--timeout", type=float, default=600.0, metavar="S", help=argparse.SUPPRESS)
    generate.add_argument("--interval", type=float, default=2.0, metavar="S", help=argparse.SUPPRESS)
    views = command("views", "views and unique viewers of a media or live stream over time (Video Data)")
    views.add_argument("ref", metavar="REF")
    views.add_argument("--span", default="7d", metavar="SPAN", help=f"one of {', '.join(SPANS)} (default 7d)")


# --- printing -----------------------------------------------------------------------------------


def _clock(seconds: float | None) -> str:
    return format_duration(seconds) if seconds is not None else "?"


def _status_line(label: str, insight: Insight) -> str:
    shown = insight.status.value
    if insight.status_text and insight.status is InsightStatus.PREPARING and insight.status_text.lower() != "preparing":
        shown += f" ({output.plain(insight.status_text, 20)})"
    return f"{label}: {shown}"


def print_insights(media: Media, insights: MediaInsights) -> None:
    print(f"Insights for {output.plain(display_name(media), 80)} ({media.id})")
    summary = insights.summary
    print(_status_line("Summary", summary))
    if summary.text:
        print("  " + output.plain(summary.text))
    chapters = insights.chapters
    print(_status_line("Chapters", chapters))
    for chapter in chapters.chapters:
        span = f"{_clock(chapter.start)}–{_clock(chapter.end)}" if chapter.end is not None else _clock(chapter.start)
        print(f"  {span:<13} {output.plain(chapter.title, 100)}")
    if chapters.text:
        print("  " + output.plain(chapters.text))
    entities = insights.entities
    print(_status_line("Named entities", entities))
    if entities.entities:
        print("  " + ", ".join(output.plain(e.name, 60) + (f" ({output.plain(e.type, 20)})" if e.type else "")
                               for e in entities.entities))
    moderation = insights.moderation
    print(_status_line("Moderation", moderation))
    if moderation.moderation:
        print("  " + ", ".join(f"{output.plain(k, 30)}: {output.plain(v, 30)}" for k, v in moderation.moderation.items()))
    elif moderation.text:
        print("  " + output.plain(moderation.text))


def insight_json(insight: Insight) -> dict[str, Any]:
    out: dict[str, Any] = {"status": insight.status.value, "statusText": insight.status_text}
    if insight.kind is InsightKind.SUMMARY:
        out["text"] = insight.text
    elif insight.kind is InsightKind.CHAPTERS:
        out["chapters"] = [{"start": c.start, "end": c.end, "title": c.title, "summary": c.summary}
                           for c in insight.chapters]
        if insight.text:
            out["text"] = insight.text
    elif insight.kind is InsightKind.ENTITIES:
        out["entities"] = [{"name": e.name, "type": e.type} for e in insight.entities]
    else:
        out["result"] = dict(insight.moderation) if insight.moderation else insight.text
    return out


def insights_json(insights: MediaInsights) -> dict[str, Any]:
    return {"mediaId": insights.media_id,
            **{kind.value: insight_json(insights.get(kind)) for kind in InsightKind}}


# --- commands ------------------------------------------------------------------------------------


def cmd_show_insights(session: Any, media: Media) -> int:
    insights = parse_insights(media)
    if session.json:
        output.print_json({"media": media.raw, "insights": insights_json(insights)})
    else:
        output.describe_media(media)
        print()
        print_insights(media, insights)
    return 0


def _media_of(session: Any, ref: str) -> Media:
    return session.resolve_media(ref, use_latest_recording=True)


def _say(session: Any, text: str) -> None:
    if not session.json:
        print(text)


def cmd_generate(session: Any) -> int:
    args = session.args
    if args.feature == "subtitles":
        return _generate_subtitles(session)
    if args.language or args.track:
        raise UsageError("--language and --track are for `generate REF subtitles`")
    kind = FEATURES[args.feature]
    media = _media_of(session, args.ref)
    client = session.client
    client.request_insight(media.id, kind, summary_length=args.length, moderation_type=args.moderation_type)
    title = output.plain(display_name(media), 80)
    if not args.wait:
        if session.json:
            output.print_json({"mediaId": media.id, "feature": kind.value, "status": InsightStatus.PREPARING.value})
        else:
            print(f"Requested the {kind.label} of {title}; FastPix is preparing it. "
                  f"See it with `fastpix-viewer show {media.id} --insights` (or add --wait).")
        return 0
    insight = client.wait_for_insight(media.id, kind, interval=args.interval, timeout=args.timeout)
    if insight.status is InsightStatus.FAILED:
        raise GenerationFailed(f"FastPix could not generate the {kind.label} of {title} (status "
                               f"{output.plain(insight.status_text or 'failed', 20)}); try again later.")
    if session.json:
        output.print_json({"mediaId": media.id, "feature": kind.value, **insight_json(insight)})
    else:
        _, insights = client.media_insights(media.id)
        print_insights(media, insights)
    return 0


def _generate_subtitles(session: Any) -> int:
    args = session.args
    if not args.language:
        raise UsageError("generate REF subtitles needs --language CODE (e.g. en)")
    media = _media_of(session, args.ref)
    audio = [t for t in media.tracks if t.type == "audio" and t.id]
    if args.track:
        audio = [t for t in audio if t.id == args.track]
        if not audio:
            raise UsageError(f"the media has no audio track with ID {output.plain(args.track, 60)}")
    if not audio:
        raise GenerationFailed("This media has no audio track to generate subtitles from.")
    client = session.client
    assert audio[0].id is not None
    job: SubtitleJob = client.generate_subtitles(media.id, audio[0].id, args.language, args.language_name)
    title = output.plain(display_name(media), 80)
    if not args.wait:
        if session.json:
            output.print_json({"mediaId": media.id, "trackId": job.track_id, "languageCode": job.language_code,
                               "languageName": job.language_name, "status": InsightStatus.PREPARING.value})
        else:
            print(f"Requested {output.plain(job.language_name, 40)} subtitles for {title}; FastPix is generating "
                  "them. They appear as a subtitle track of the media when ready (add --wait to follow).")
        return 0
    _, state = client.wait_for_subtitles(media.id, job, interval=args.interval, timeout=args.timeout)
    if state.status is InsightStatus.FAILED:
        raise GenerationFailed(f"FastPix could not generate {output.plain(job.language_name, 40)} subtitles for "
                               f"{title}; try again later.")
    if session.json:
        output.print_json({"mediaId": media.id, "trackId": job.track_id, "languageCode": job.language_code,
                           "languageName": job.language_name, "status": state.status.value, "url": state.url})
    else:
        print(f"{output.plain(job.language_name, 40)} subtitles are ready: subtitle track "
              f"{output.plain(job.track_id or '?', 60)} of {title}.")
        if state.url:
            print(output.plain(state.url))
    return 0


def cmd_views(session: Any) -> int:
    args = session.args
    span = parse_span(args.span)  # before any request: a bad span costs nothing
    found = session.resolve(args.ref)
    item = found.item
    client = session.client
    if isinstance(item, LiveStream):
        audience: Audience = client.audience(stream_id=item.stream_id, span=span)
        name = item.name or item.stream_id
    else:
        audience = client.audience(media_id=item.id, span=span)
        name = display_name(item)
    if session.json:
        output.print_json({
            "subject": audience.subject, "span": span.token, "granularity": audience.granularity,
            "totalViews": audience.total_views,
            "points": [{"time": p.time, "views": p.views, "uniqueViewers": p.unique_viewers} for p in audience.points],
            "note": AUDIENCE_NOTE,
        })
        return 0
    kind = "live stream" if isinstance(item, LiveStream) else "media"
    print(f"Views of {kind} {output.plain(name, 80)}, last {span.label} (per {audience.granularity or span.group_by})")
    rows = [[output.plain(p.time, 25), "—" if p.views is None else str(p.views),
             "—" if p.unique_viewers is None else str(p.unique_viewers)] for p in audience.points]
    output.table(rows, ("INTERVAL", "VIEWS", "UNIQUE VIEWERS"))
    print(f"Total views: {audience.total_views}")
    print(AUDIENCE_NOTE)
    return 0


COMMANDS = {"generate": cmd_generate, "views": cmd_views}
