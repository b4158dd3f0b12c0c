"""Argument parsing: sub-commands, global options, and one-line usage errors."""

from __future__ import annotations

import argparse
from typing import NoReturn

from fastpix_viewer import __version__
from fastpix_viewer.cli.clip_parser import CLIP_SUBCOMMANDS, add_clip_parsers
from fastpix_viewer.cli.usage import UsageError

SUBCOMMANDS = ("streams", "media", "show", "url", "download", "edit", "profiles", "generate", "views",
               *CLIP_SUBCOMMANDS)
_GLOBAL_WITH_VALUE = ("--profile", "--config-dir")
# Desktop-app options that take a value: their value is never a sub-command.
_GUI_WITH_VALUE = ("--vlc-args",)
# `--smoke-test [REF]`: REF is optional, so only a following word that is not an option is its value.
_GUI_WITH_OPTIONAL_VALUE = ("--smoke-test",)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        # No abbreviations: "--secret-key" must never be read as "--secret-key-stdin".
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments:"):
            # Do not echo stray values: a user may have pasted a secret there.
            options = [word for word in message.split(":", 1)[1].split() if word.startswith("-")]
            message = "unrecognized arguments" + (f": {' '.join(options)}" if options else "")
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def wants_cli(argv: list[str]) -> bool:
    """True when the arguments name a sub-command (or ask for help/version), else the GUI starts."""
    skip = False
    for position, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg in _GLOBAL_WITH_VALUE or arg in _GUI_WITH_VALUE:
            skip = True
            continue
        if arg in _GUI_WITH_OPTIONAL_VALUE:
            following = argv[position + 1] if position + 1 < len(argv) else ""
            skip = bool(following) and not following.startswith("-")
            continue
        if arg in ("-h", "--help", "--version"):
            return True
        if arg == "--":
            return False
        if not arg.startswith("-"):
            return True  # a sub-command, or an unknown word the CLI will report
    return False


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="print exact JSON instead of text")
    parser.add_argument("--profile", metavar="NAME", default=default, help="use this saved workspace profile")
    parser.add_argument("--config-dir", metavar="DIR", default=default,
                        help="where profiles are kept (default: the user config dir; env FASTPIX_VIEWER_CONFIG_DIR)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fastpix-viewer",
        description="Browse FastPix live streams and their recordings. Without a sub-command the desktop app starts.",
        epilog=(
            "Credentials: --profile NAME, else FASTPIX_TOKEN_ID/FASTPIX_SECRET_KEY, else the active profile. "
            "Desktop app (no sub-command): --demo, --smoke-test [REF], --vlc-args ARGS, --no-crash-dialog, "
            "--config-dir DIR, --profile NAME."
        ),
    )
    parser.add_argument("--version", action="version", version=f"fastpix-viewer {__version__}")
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _global_options(p, suppress=True)
        return p

    command("streams", "list live streams")
    media = command("media", "list media (uploads, clips and live recordings)")
    media.add_argument("--recordings", action="store_true", help="only live-stream recordings")

    show = command("show", "show one stream or media")
    show.add_argument("ref", metavar="REF", help="stream ID, media ID, playback ID, a FastPix URL or a webhook payload")

    url = command("url", "print a playable HLS URL (signed for private media)")
    url.add_argument("ref", metavar="REF")
    url.add_argument("--share", action="store_true", help="print the play.fastpix.com share link instead")
    url.add_argument("--max-resolution", metavar="R", help="cap the resolution (e.g. 720p)")

    download = command("download", "download the MP4 (or M4A for audio-only media); resumes a .part file")
    download.add_argument("ref", metavar="REF")
    download.add_argument("-o", "--output", metavar="FILE",
                          help="where to save (default: the title in the current dir, numbered if taken)")
    download.add_argument("--overwrite", action="store_true", help="replace FILE if it already exists")

    edit = command("edit", "change a media's title or metadata")
    edit.add_argument("ref", metavar="REF")
    edit.add_argument("--title", metavar="T")
    edit.add_argument("--meta", metavar="K=V", action="append", default=[],
                      help="set a metadata pair (repeatable); K= removes the key")

    add_clip_parsers(command, _global_options, _Parser)

    from fastpix_viewer.cli.insights import add_parsers as add_insight_parsers

    add_insight_parsers(command, show)  # show --insights, generate, views

    profiles = command("profiles", "manage saved workspace profiles")
    psub = profiles.add_subparsers(dest="profiles_command", metavar="ACTION", parser_class=_Parser)
    psub.required = True
    add = psub.add_parser("add", help="add or replace a profile (the secret key goes to the OS keyring)")
    _global_options(add, suppress=True)
    add.add_argument("name", metavar="NAME")
    add.add_argument("--token-id", required=True, metavar="ID", help="the FastPix access token ID")
    add.add_argument("--secret-key-stdin", action="store_true",
                     help="read the secret key from standard input (else FASTPIX_SECRET_KEY, else a prompt)")
    add.add_argument("--secret-key", nargs="?", help=argparse.SUPPRESS, dest="secret_key_on_argv")
    add.add_argument("--api-base", metavar="URL")
    add.add_argument("--stream-base", metavar="URL")
    add.add_argument("--image-base", metavar="URL")
    add.add_argument("--signing-key-id", metavar="KID")
    add.add_argument("--signing-key-file", metavar="FILE",
                     help="file holding the base64 PEM private key (else FASTPIX_SIGNING_KEY)")
    add.add_argument("--no-check", action="store_true", help="save without checking the credentials with FastPix")
    lst = psub.add_parser("list", help="list profiles")
    _global_options(lst, suppress=True)
    rm = psub.add_parser("remove", help="remove a profile and its keyring entries")
    _global_options(rm, suppress=True)
    rm.add_argument("name", metavar="NAME")
    use = psub.add_parser("use", help="make a profile the active one")
    _global_options(use, suppress=True)
    use.add_argument("name", metavar="NAME")
    return parser


def parse(argv: list[str]) -> argparse.Namespace:
    """Parsed arguments; UsageError for bad usage; SystemExit(0) after --help/--version."""
    return build_parser().parse_args(argv)
