"""Logging for the desktop app: a rotating file, a RAM ring buffer, Qt messages, redaction.

- `setup_logging(config_dir)` writes to `<config_dir>/logs/fastpix-viewer.log` (or
  the platform's user log dir) with rotation, and keeps the last records in RAM
  for a diagnostics view or a bug report.
- Every handler carries the `RedactionFilter`: secrets registered with
  `register_secret()` and anything that looks like a credential (Authorization
  headers, Basic/Bearer values, JWTs, token=/signature= query parameters) is
  masked before any handler formats the record, tracebacks included.
- `install_qt_message_handler()` routes Qt's qWarning & co. into logging and then
  calls the handler that was installed before it, so pytest-qt (which installs
  its own) still sees Qt warnings and can fail tests on them.
"""

from __future__ import annotations

import collections
import logging
import logging.handlers
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from fastpix_viewer.api import redact as api_redact

APP_LOGGER = "fastpix_viewer"
LOG_FILE_NAME = "fastpix-viewer.log"
MASK = "***"

_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

# Credential shapes beyond what the API's scrub() covers (it handles registered secrets,
# Basic/Bearer values, JWTs, PEM blocks and ?token=-style query parameters).
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\b(authorization\s*[:=]\s*)(?:(basic|bearer)\s+)?[^\s,;'\"]+"),
     r"\1\2 " + MASK),
    (re.compile(r"(?i)\b(token|signature|secret|password|access_token|key)=([^&\s'\"]+)"),
     r"\1=" + MASK),
)


class RedactionFilter(logging.Filter):
    """Masks secrets and credential-shaped text in every record it sees.

    The masking itself is the API layer's (`fastpix_viewer.api.redact.scrub`, with its one
    registry of secrets), so a key registered anywhere is masked everywhere; this adds
    the log-only shapes (bare `key=`/`Authorization:` text), optional hooks, and the
    traceback and stack text of a record.
    """

    def __init__(self) -> None:
        super().__init__()
        self._extra: list[Callable[[str], str]] = []

    def add_secret(self, value: str | None) -> None:
        api_redact.register_secret(value)

    def add_hook(self, hook: Callable[[str], str]) -> None:
        """An extra text -> text redactor."""
        self._extra.append(hook)

    def redact(self, text: str) -> str:
        text = api_redact.scrub(text).replace(api_redact._MASK, MASK)
        for pattern, repl in _PATTERNS:
            text = pattern.sub(repl, text)
        for hook in self._extra:
            text = hook(text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} % {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


REDACTOR = RedactionFilter()


def register_secret(value: str | None) -> None:
    """Never let `value` reach a log line (call it for every key the app loads)."""
    REDACTOR.add_secret(value)


def redact(text: str) -> str:
    """Redact text shown outside logging too (crash dialogs, error messages)."""
    return REDACTOR.redact(text)


class RamHandler(logging.Handler):
    """Keeps the last `capacity` formatted records for diagnostics."""

    def __init__(self, capacity: int = 2000) -> None:
        super().__init__()
        self._records: collections.deque[str] = collections.deque(maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._records.append(self.format(record))
        except Exception:
            self.handleError(record)

    def lines(self) -> list[str]:
        return list(self._records)

    def text(self) -> str:
        return "\n".join(self._records)


@dataclass
class LogSetup:
    log_dir: Path
    log_file: Path
    ram: RamHandler
    handlers: list[logging.Handler] = field(default_factory=list)

    def close(self) -> None:
        """Detach and close the handlers (tests; the app keeps them until exit)."""
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
            handler.close()


def default_log_dir(config_dir: Path | None) -> Path:
    """`<config_dir>/logs` when settings are isolated, else the platform's user log dir."""
    if config_dir is not None:
        return Path(config_dir) / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir("fastpix-viewer", appauthor=False))


def setup_logging(
    config_dir: Path | None = None,
    *,
    level: int = logging.INFO,
    console: bool = False,
    max_bytes: int = 1_000_000,
    backups: int = 3,
    ram_capacity: int = 2000,
) -> LogSetup:
    """Install the file, RAM (and optionally stderr) handlers on the root logger."""
    log_dir = default_log_dir(config_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / LOG_FILE_NAME
    formatter = logging.Formatter(_FORMAT)

    file_handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
    )
    ram = RamHandler(ram_capacity)
    handlers: list[logging.Handler] = [file_handler, ram]
    if console:
        handlers.append(logging.StreamHandler())
    root = logging.getLogger()
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(REDACTOR)
        root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request is noise
    return LogSetup(log_dir, log_file, ram, handlers)


# -- Qt messages ------------------------------------------------------------

QT_LOGGER = "qt"

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


# Messages a platform plugin prints about what it cannot do, which mean nothing to a
# user: the offscreen platform (headless smoke tests) has no window manager for size
# hints. They still reach the log (at DEBUG) and any previous handler, but not stderr.
HARMLESS_PLATFORM_MESSAGES = frozenset({"This plugin does not support propagateSizeHints()"})


class QtMessageRouter:
    """The installed Qt message handler; `uninstall()` puts the previous one back."""

    def __init__(self) -> None:
        self._logger = logging.getLogger(QT_LOGGER)
        self.previous: Callable | None = None
        self._installed = False

    def __call__(self, mode: QtMsgType, context, message: str) -> None:
        harmless = False
        try:
            category = getattr(context, "category", None) or ""
            name = f"{QT_LOGGER}.{category}" if category and category != "default" else QT_LOGGER
            harmless = message in HARMLESS_PLATFORM_MESSAGES
            level = logging.DEBUG if harmless else _QT_LEVELS.get(mode, logging.WARNING)
            logging.getLogger(name).log(level, "%s", message)
        finally:
            if self.previous is not None:
                self.previous(mode, context, message)
            elif mode not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) and not harmless:
                # Qt's default handler (PySide reports it as None) would have
                # printed this; keep it visible on stderr.
                print(message, file=sys.stderr, flush=True)

    def install(self) -> QtMessageRouter:
        if not self._installed:
            self.previous = qInstallMessageHandler(self)
            self._installed = True
        return self

    def uninstall(self) -> None:
        if self._installed:
            qInstallMessageHandler(self.previous)
            self._installed = False


def install_qt_message_handler() -> QtMessageRouter:
    """Route Qt messages into logging, chaining to whatever handler was there before."""
    return QtMessageRouter().install()
