"""`fastpix-viewer` entry point: command-line sub-commands, or the desktop app."""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    # Ctrl-C can arrive before the command's own handling is in place (while modules load or
    # arguments are parsed): still one line and exit 130, never a traceback.
    try:
        from fastpix_viewer.cli import main as cli_main

        return cli_main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        try:
            print("fastpix-viewer: Interrupted.", file=sys.stderr)
        except (KeyboardInterrupt, OSError):
            pass
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
