"""Runs one sub-command and turns every failure into one line on stderr and an exit status."""

from __future__ import annotations

import os
import sys

from fastpix_viewer.api.errors import (
    AuthenticationError,
    Cancelled,
    ConfigError,
    FastPixError,
    InputError,
    InvalidIdError,
    InvalidReferenceError,
    KeyringUnavailable,
    NotFoundError,
    PermissionDeniedError,
    ProfileError,
)
from fastpix_viewer.api.redact import scrub
from fastpix_viewer.cli.parser import parse
from fastpix_viewer.cli.usage import UsageError

# Exit statuses (documented in --help epilog and README).
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 70


def exit_status(error: FastPixError) -> int:
    if isinstance(error, InputError | InvalidIdError | InvalidReferenceError | ConfigError | ProfileError | KeyringUnavailable):
        return EXIT_USAGE
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return EXIT_AUTH
    if isinstance(error, NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(error, Cancelled):
        return EXIT_INTERRUPTED
    return EXIT_FAILURE


def _say(message: str) -> None:
    text = " ".join(scrub(message).split())
    print(f"fastpix-viewer: {text}", file=sys.stderr)


def run(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
    try:
        args = parse(argv)
    except UsageError as problem:
        _say(str(problem))
        return EXIT_USAGE
    except SystemExit as done:  # --help, --version
        return int(done.code or 0)
    except KeyboardInterrupt:  # Ctrl-C in the first moments: still one line
        _say("Interrupted.")
        return EXIT_INTERRUPTED
    from fastpix_viewer.cli.commands import dispatch
    from fastpix_viewer.cli.session import Session

    session = Session(args)
    try:
        return dispatch(session)
    except UsageError as problem:
        _say(str(problem))
        return EXIT_USAGE
    except FastPixError as problem:
        _say(problem.user_message)
        return exit_status(problem)
    except KeyboardInterrupt:
        _say("Interrupted.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_FAILURE
    except OSError as problem:
        where = f" ({problem.filename})" if problem.filename else ""
        _say(f"{problem.strerror or 'A file operation failed'}{where}.")
        return EXIT_FAILURE
    except Exception as problem:  # a bug: still one line, no traceback (set FASTPIX_VIEWER_DEBUG=1 to see it)
        if os.environ.get("FASTPIX_VIEWER_DEBUG"):
            raise
        _say(f"Unexpected internal error ({type(problem).__name__}); please report it (FASTPIX_VIEWER_DEBUG=1 shows details).")
        return EXIT_INTERNAL
    finally:
        session.close()
