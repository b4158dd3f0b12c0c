"""`UsageError`: bad command-line usage (one line, exit status 2). Below the parser so the
modules that register options on it can raise it without importing the parser back."""

from __future__ import annotations


class UsageError(Exception):
    """Bad command-line usage; reported as one line, exit status 2."""
