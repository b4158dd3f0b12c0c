"""Arguments of `clip`, `mp4` and `playback-ids` (kept apart from parser.py so the GUI's
start-up path, which imports the parser, stays light)."""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable

CLIP_SUBCOMMANDS = ("clip", "mp4", "playback-ids")
MP4_WORDS = ("on", "off", "audio", "both")
_CLOCK = re.compile(r"^(?:(\d{1,4}):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")


def seconds(text: str) -> float:
    """SECONDS (90, 12.5) or a clock time (1:30, 0:01:30.5), for --start/--end."""
    text = text.strip()
    match = _CLOCK.match(text)
    value: float | None
    if match:
        value = int(match[1] or 0) * 3600 + int(match[2]) * 60 + float(match[3])
    else:
        try:
            value = float(text)
        except ValueError:
            value = None
    if value is None or not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"“{text[:20]}” is not a time: give seconds (90, 12.5) or [H:]MM:SS")
    return value


def add_clip_parsers(
    command: Callable[[str, str], argparse.ArgumentParser],
    global_options: Callable[..., None],
    parser_class: type[argparse.ArgumentParser],
) -> None:
    clip = command("clip", "cut a clip from a media (FastPix makes it a new media); prints its ID")
    clip.add_argument("ref", metavar="REF", help="the source media (ID, playback ID or link)")
    clip.add_argument("--start", metavar="SECONDS", type=seconds, required=True,
                      help="where the clip starts (seconds or [H:]MM:SS, to the tenth)")
    clip.add_argument("--end", metavar="SECONDS", type=seconds, required=True, help="where the clip ends")
    clip.add_argument("--title", metavar="T", help="the clip's title")
    clip.add_argument("--private", action="store_true", help="a private playback ID (needs a signing key to play)")
    clip.add_argument("--mp4", choices=("on", "audio", "both"), help="also make MP4/M4A renditions")
    clip.add_argument("--wait", action="store_true", help="follow the clip until it is Ready (progress on stderr)")

    mp4 = command("mp4", "turn a media's MP4 renditions on or off (on=MP4, audio=M4A, both, off)")
    mp4.add_argument("ref", metavar="REF")
    mp4.add_argument("choice", metavar="on|off|audio|both", choices=MP4_WORDS)

    ids = command("playback-ids", "list, add or remove the playback IDs of a media or live stream")
    ids.add_argument("ref", metavar="REF")
    actions = ids.add_subparsers(dest="playback_action", metavar="ACTION", parser_class=parser_class)
    listing = actions.add_parser("list", help="list them (the default)")
    global_options(listing, suppress=True)
    add = actions.add_parser("add", help="add a playback ID (public unless --private); prints it")
    global_options(add, suppress=True)
    add.add_argument("--private", action="store_true")
    remove = actions.add_parser("remove", help="remove a playback ID: links and players using it stop working")
    global_options(remove, suppress=True)
    remove.add_argument("playback_id", metavar="ID")
    remove.add_argument("--yes", action="store_true", help="needed to remove the only playback ID")
