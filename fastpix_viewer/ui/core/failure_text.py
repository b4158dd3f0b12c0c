"""One plain sentence for a failed background call: the one rule every feature uses."""

from __future__ import annotations

from fastpix_viewer.api.errors import FastPixError


def describe_failure(exc: BaseException) -> str:
    """One plain sentence for a failed background call."""
    if isinstance(exc, FastPixError):
        return exc.user_message
    return f"Something unexpected went wrong ({type(exc).__name__}); see the log for details."
