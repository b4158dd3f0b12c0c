"""Keeping secrets and playback tokens out of logs and error text.

`scrub` removes anything that looks like a token, an Authorization header, a JWT or a PEM
block, plus every secret value registered at runtime (secret keys, signing keys) wherever it
appears. `install_log_redaction` keeps httpx/httpcore quiet and scrubs what they still log,
because httpx's INFO line prints full request URLs, which carry `?token=`.
"""

from __future__ import annotations

import logging
import re
import threading

_QUERY_TOKEN = re.compile(r"(?i)([?&;](?:token|secret|key|signature|password)=)[^&\s#\"']+")
_AUTH_HEADER = re.compile(r"(?i)\b(basic|bearer)\s+[A-Za-z0-9+/=._~-]{8,}")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
_PEM = re.compile(r"-----BEGIN [A-Z ]+-----.*?(?:-----END [A-Z ]+-----|$)", re.S)
_MASK = "<redacted>"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_MIN_SECRET_LENGTH = 6


def register_secret(value: str | None) -> None:
    """Remember a secret value so `scrub` removes it wherever it shows up."""
    if value and len(value) >= _MIN_SECRET_LENGTH:
        with _secrets_lock:
            _secrets.add(value)


def scrub(text: str) -> str:
    text = _PEM.sub(_MASK, text)
    text = _QUERY_TOKEN.sub(lambda m: m.group(1) + _MASK, text)
    text = _AUTH_HEADER.sub(lambda m: m.group(1) + " " + _MASK, text)
    text = _JWT.sub(_MASK, text)
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, _MASK)
    return text


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Rewrite a record's final message through `scrub` (its args folded in first)."""
    if getattr(record, "_fpv_scrubbed", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a broken format string must not break logging
        message = str(record.msg)
    cleaned = scrub(message)
    if cleaned != message or record.args:
        record.msg = cleaned
        record.args = None
    record._fpv_scrubbed = True
    return record


class RedactingFilter(logging.Filter):
    """For handlers outside this package that want the same scrubbing explicitly."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub_record(record)
        return True


_installed = False
_install_lock = threading.Lock()


def install_log_redaction() -> None:
    """Scrub every log record the process creates, and quiet httpx/httpcore. Idempotent.

    A filter on the `fastpix_viewer` logger would not do: a parent logger's filters never see
    records logged on its children (`fastpix_viewer.api.x`) or on other libraries (httpcore's
    DEBUG lines carry full URLs). Wrapping the log-record factory scrubs each record once, when
    it is made, whichever logger or handler later sees it.
    """
    global _installed
    with _install_lock:
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def scrubbing_factory(*args: object, **kwargs: object) -> logging.LogRecord:
            return scrub_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(scrubbing_factory)
        for name in ("httpx", "httpcore"):
            logger = logging.getLogger(name)
            if logger.level == logging.NOTSET or logger.level < logging.WARNING:
                logger.setLevel(logging.WARNING)
        _installed = True
