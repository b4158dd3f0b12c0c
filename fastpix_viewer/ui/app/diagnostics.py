"""What the About dialog shows and "Copy diagnostics" copies: versions, platform, paths,
proxies and recent log lines, always passed through the secret scrubber.

Nothing here talks to the network; every value is read from the running process.
"""

from __future__ import annotations

import logging
import platform
import sys
from pathlib import Path
from typing import Any

from fastpix_viewer import __version__
from fastpix_viewer.api.redact import scrub

RECENT_LOG_LINES = 200


def versions() -> dict[str, str]:
    """Component → version, in the order shown (libVLC is 'not available' when it cannot load)."""
    import PySide6
    from PySide6.QtCore import qVersion

    found = {
        "FastPix Recording Browser": __version__,
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "libVLC": _libvlc_version(),
        "Python": platform.python_version(),
        "Platform": platform.platform(),
    }
    for package in ("python-vlc", "httpx", "truststore", "keyring"):
        found[package] = _package_version(package)
    return found


def _libvlc_version() -> str:
    try:
        import vlc

        raw = vlc.libvlc_get_version()
    except Exception as problem:  # no libVLC on this system: say so instead of failing
        return f"not available ({type(problem).__name__})"
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def licenses_dir() -> Path | None:
    """The folder with the bundled components' licence texts: `_internal/licenses/` in a
    frozen build, packaging/licenses/ in a source checkout; None when neither exists."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "licenses"] if bundle else []
    candidates.append(Path(__file__).resolve().parents[3] / "packaging" / "licenses")
    return next((c for c in candidates if c.is_dir()), None)


def recent_log_lines(limit: int = RECENT_LOG_LINES) -> list[str]:
    """The last `limit` lines of the in-memory log (empty when logging is not set up)."""
    from fastpix_viewer.ui.app.logs import RamHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, RamHandler):
            lines: list[str] = []
            for record in handler.lines():
                lines.extend(record.splitlines())
            return lines[-limit:]
    return []


def display_summary() -> str:
    """Qt platform plugin and each screen's size and scale (high-DPI reports need them)."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        return "no QApplication"
    screens = [f"{s.size().width()}x{s.size().height()} @ {s.devicePixelRatio():g}x" for s in QGuiApplication.screens()]
    return f"{QGuiApplication.platformName()}; " + (", ".join(screens) or "no screens")


def proxy_summary() -> str:
    from fastpix_viewer.api.proxies import describe_proxies

    return describe_proxies()


def diagnostics_text(paths: Any = None, *, log_lines: list[str] | None = None) -> str:
    """Plain text for a bug report. Scrubbed of registered secrets, tokens and keys."""
    lines = ["FastPix Recording Browser diagnostics", ""]
    lines += [f"{name}: {value}" for name, value in versions().items()]
    if paths is not None:
        lines += ["", f"Config folder: {paths.config}", f"Cache folder: {paths.cache}", f"Log folder: {paths.logs}"]
    lines.append(f"Display: {display_summary()}")
    folder = licenses_dir()
    lines.append(f"Licences: {folder if folder else 'not bundled'}")
    lines.append(f"Proxies: {proxy_summary()}")
    recent = recent_log_lines() if log_lines is None else log_lines[-RECENT_LOG_LINES:]
    lines += ["", f"Recent log ({len(recent)} lines):", *recent]
    return scrub("\n".join(lines)) + "\n"
