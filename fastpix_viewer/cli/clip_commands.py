"""`clip`, `mp4` and `playback-ids`: cut a clip, switch MP4 renditions, manage playback IDs.

Bad input is refused by the API layer (`InputError`, exit 2) before anything is written to
FastPix; only the GETs that read the source's current state are sent.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from fastpix_viewer.api.cancel import CancelToken
from fastpix_viewer.api.clips import MP4_CHOICES
from fastpix_viewer.api.errors import Cancelled
from fastpix_viewer.api.models import LiveStream, Media, PlaybackId
from fastpix_viewer.cli import output
from fastpix_viewer.cli.session import Session

PLAYBACK_HEADERS = ("PLAYBACK ID", "POLICY", "RESTRICTED", "URL")


class StatusReporter:
    """Progress of a followed clip on stderr: one rewritten line on a terminal, else one line
    per status change (so logs of scripted runs stay short)."""

    def __init__(self, media_id: str, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.media_id = media_id
        self.clock = clock
        self.started = clock()
        self.last: str | None = None

    def __call__(self, media: Media) -> None:
        status = output.plain(media.status or "unknown", 30)
        line = f"Clip {self.media_id}: {status} ({round(self.clock() - self.started)} s)"
        if self.tty:
            self.stream.write(f"\r{line:<78}")
            self.stream.flush()
        elif status != self.last:
            self.stream.write(line + "\n")
            self.stream.flush()
        self.last = status

    def finish(self) -> None:
        if self.tty and self.last is not None:
            self.stream.write("\n")
            self.stream.flush()


def cmd_clip(session: Session) -> int:
    args = session.args
    found = session.resolve(args.ref)
    clip = session.client.create_clip(
        found.item, args.start, args.end, title=args.title,
        access_policy="private" if args.private else "public",
        mp4_support=MP4_CHOICES[args.mp4] if args.mp4 else None,
    )
    if (clip.range.start, clip.range.end) != (args.start, args.end):
        print(f"fastpix-viewer: times go to FastPix to the tenth of a second: the clip covers "
              f"{clip.range.describe()}.", file=sys.stderr)
    answer = clip.raw
    if args.wait:
        reporter = StatusReporter(clip.media.id)
        cancel = CancelToken()
        try:
            ready = session.client.wait_until_ready(clip.media.id, on_update=reporter, cancel=cancel)
        except KeyboardInterrupt:
            reporter.finish()
            raise Cancelled(
                f"Stopped waiting; the clip {clip.media.id} was created and FastPix is still making it."
            ) from None
        except BaseException:
            reporter.finish()
            raise
        reporter.finish()
        answer = ready.raw
    if session.json:
        output.print_json(answer)
    else:
        print(clip.media.id)
    return 0


def _rendition_lines(media: Media) -> list[str]:
    if not media.mp4_renditions:
        return ["MP4 renditions: none"]
    return [f"{output.plain(r.type, 30)}  {output.plain(r.status or 'requested', 20)}" for r in media.mp4_renditions]


def cmd_mp4(session: Session) -> int:
    media = session.resolve_media(session.args.ref, use_latest_recording=False)
    updated = session.client.update_mp4_support(media.id, session.args.choice)
    if session.json:
        output.print_json(updated.raw)
    else:
        for line in _rendition_lines(updated):
            print(line)
    return 0


def _playback_rows(session: Session, ids: list[PlaybackId]) -> list[list[str]]:
    base = session.client.endpoints.stream_base
    return [[output.plain(p.id), output.plain(p.access_policy or "?", 12), "yes" if p.is_restricted else "no",
             f"{base}/{output.plain(p.id)}.m3u8"] for p in ids]


def _owner_words(item: Media | LiveStream) -> str:
    return "live stream" if isinstance(item, LiveStream) else "media"


def cmd_playback_ids(session: Session) -> int:
    args = session.args
    item = session.resolve(args.ref).item
    client = session.client
    action = args.playback_action or "list"
    if action == "add":
        created = client.add_playback_id(item, private=args.private)
        if session.json:
            output.print_json(dict(created.raw))
        else:
            print(created.id)
        return 0
    if action == "remove":
        client.remove_playback_id(item, args.playback_id, confirm_last=args.yes)
        if session.json:
            output.print_json({"removed": args.playback_id, "id": item.id})
        else:
            print(f"Removed playback ID {args.playback_id} from the {_owner_words(item)}; "
                  "links, players and embeds using it no longer work.")
        return 0
    current = client.playback_ids_of(item)
    if session.json:
        output.print_json([dict(p.raw) for p in current])
    elif current:
        output.table(_playback_rows(session, current), PLAYBACK_HEADERS)
    else:
        print(f"This {_owner_words(item)} has no playback IDs; add one with "
              f"`fastpix-viewer playback-ids {item.id} add`.")
    return 0


CLIP_COMMANDS: dict[str, Callable[[Session], int]] = {
    "clip": cmd_clip,
    "mp4": cmd_mp4,
    "playback-ids": cmd_playback_ids,
}
