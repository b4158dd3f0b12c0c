"""`fastpix-viewer` command line. With no sub-command it hands over to the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from fastpix_viewer.cli.parser import SUBCOMMANDS, wants_cli
from fastpix_viewer.cli.runner import run

__all__ = ["SUBCOMMANDS", "main"]


def _start_gui(argv: list[str]) -> int:
    try:
        from fastpix_viewer.ui.app.launch import main as gui_main
    except ModuleNotFoundError as missing:
        if (missing.name or "").startswith("fastpix_viewer.ui"):
            print("fastpix-viewer: the desktop app is not built yet; use a sub-command (see --help).", file=sys.stderr)
        else:
            print(f"fastpix-viewer: the desktop app cannot start: the module {missing.name} is missing.", file=sys.stderr)
        return 2
    return int(gui_main(argv) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not wants_cli(args):
        return _start_gui(args)
    return run(args)
