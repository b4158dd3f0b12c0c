"""Finding libVLC and creating the one `vlc.Instance` the app uses.

`python-vlc` locates libVLC when it is first imported, so a frozen bundle must
point it at the bundled copy *before* `import vlc`; every module in the app
therefore gets the module through `load_vlc()` instead of importing it directly.
"""

from __future__ import annotations

import logging
import os
import shlex
import sys
from collections.abc import MutableMapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

log = logging.getLogger(__name__)

ENV_EXTRA_ARGS = "FASTPIX_VIEWER_VLC_ARGS"

# Why each default is here:
#   --quiet                 module chatter (VDPAU, XVideo, dbus screensaver) hides real errors
#   --no-video-title-show   the media URL would be painted over the first seconds of video
#   --no-osd                volume/seek overlays are the app's job, not libVLC's
#   --no-lua                no playlist/extension scripts: we only play URLs the app built
#   --no-interact           libVLC must never open its own dialogs (e.g. TLS questions)
#   --no-keyboard-events / --no-mouse-events
#                           Qt owns input; libVLC's embedded window would swallow it
#   --no-xlib (X11 only)    libVLC's Xlib modules need XInitThreads, which Qt does not call
_COMMON_ARGS: tuple[str, ...] = (
    "--quiet",
    "--no-video-title-show",
    "--no-osd",
    "--no-lua",
    "--no-interact",
    "--no-keyboard-events",
    "--no-mouse-events",
)


class VlcUnavailableError(RuntimeError):
    """libVLC could not be loaded or started; the message says what to install or fix."""


class VlcOptionsError(VlcUnavailableError):
    """libVLC refused some of the extra options it was given."""

    def __init__(self, message: str, rejected: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.rejected: list[str] = list(rejected)


def default_args(platform: str | None = None) -> list[str]:
    """The instance options the app always passes on this platform."""
    platform = sys.platform if platform is None else platform
    args = list(_COMMON_ARGS)
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        args.append("--no-xlib")
    return args


def split_extra_args(text: str | None) -> list[str]:
    """Split a user-supplied option string (`--vlc-args`, the environment) like a shell would."""
    if not text or not text.strip():
        return []
    try:
        return shlex.split(text)
    except ValueError as exc:  # unbalanced quotes
        raise VlcOptionsError(f"Cannot read the libVLC options {text!r}: {exc}.") from None


def extra_args_from_environment() -> list[str]:
    return split_extra_args(os.environ.get(ENV_EXTRA_ARGS))


def instance_args(extra: str | Sequence[str] | None = None) -> list[str]:
    """Defaults followed by the extras (later options win inside libVLC).

    `extra` None means "take FASTPIX_VIEWER_VLC_ARGS"; a command-line `--vlc-args`
    replaces the environment rather than adding to it, so what a user typed is
    exactly what runs.
    """
    if extra is None:
        extras = extra_args_from_environment()
    elif isinstance(extra, str):
        extras = split_extra_args(extra)
    else:
        extras = list(extra)
    return default_args() + extras


def _bundle_dir() -> Path | None:
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle)
    return None


_LIB_NAMES = {
    "win32": ("libvlc.dll",),
    "darwin": ("libvlc.dylib", "lib/libvlc.dylib"),
}


def prepare_environment(environ: MutableMapping[str, str] | None = None) -> None:
    """Point python-vlc at the libVLC inside a frozen bundle (no-op otherwise).

    Uses setdefault so a user or packager can still override each path.
    """
    env = os.environ if environ is None else environ
    bundle = _bundle_dir()
    if bundle is None:
        return
    for name in _LIB_NAMES.get(sys.platform, ("libvlc.so.5", "libvlc.so")):
        lib = bundle / name
        if lib.exists():
            env.setdefault("PYTHON_VLC_LIB_PATH", str(lib))
            break
    plugins = bundle / "vlc" / "plugins"
    if plugins.is_dir():
        env.setdefault("PYTHON_VLC_MODULE_PATH", str(plugins))
        env.setdefault("VLC_PLUGIN_PATH", str(plugins))


_vlc_module: ModuleType | None = None


def load_vlc() -> ModuleType:
    """Import python-vlc with the environment prepared; a clear error if libVLC is missing."""
    global _vlc_module
    if _vlc_module is not None:
        return _vlc_module
    prepare_environment()
    try:
        import vlc
    except ImportError as exc:
        raise VlcUnavailableError(
            "The python-vlc package is not installed; install the app's dependencies."
        ) from exc
    except (OSError, NotImplementedError, SystemExit) as exc:
        # python-vlc raises NotImplementedError("Cannot find libvlc lib"), an
        # OSError from ctypes, or even sys.exit(1) when PYTHON_VLC_LIB_PATH or
        # PYTHON_VLC_MODULE_PATH point nowhere.
        if isinstance(exc, SystemExit):
            exc = OSError(
                "PYTHON_VLC_LIB_PATH="
                f"{os.environ.get('PYTHON_VLC_LIB_PATH', '')!r} / PYTHON_VLC_MODULE_PATH="
                f"{os.environ.get('PYTHON_VLC_MODULE_PATH', '')!r} could not be loaded")
        raise VlcUnavailableError(
            "libVLC (VLC 3) was not found. Install VLC (Debian/Ubuntu: "
            "`apt install libvlc5 vlc-plugin-base vlc-plugin-video-output`; "
            f"Windows/macOS: the VLC 3 installer). Details: {exc}"
        ) from exc
    _vlc_module = vlc
    return vlc


def _option_groups(args: Sequence[str]) -> list[list[str]]:
    """Group "--opt value" pairs so each option can be tried on its own."""
    groups: list[list[str]] = []
    for arg in args:
        if arg.startswith("-") or not groups:
            groups.append([arg])
        else:
            groups[-1].append(arg)
    return groups


def find_rejected(args: Sequence[str]) -> list[str]:
    """Which option groups libVLC refuses, tried one at a time."""
    vlc = load_vlc()
    rejected = []
    for group in _option_groups(args):
        probe = vlc.Instance(["--quiet", "--aout=dummy", "--vout=dummy", *group])
        if probe is None:
            rejected.append(" ".join(group))
        else:
            probe.release()
    return rejected


def create_instance(extra: str | Sequence[str] | None = None) -> Any:
    """A new vlc.Instance with the app's defaults plus `extra`; raises on refusal."""
    vlc = load_vlc()
    args = instance_args(extra)
    instance = vlc.Instance(args)
    if instance is not None:
        log.info("libVLC %s started with %s", vlc.libvlc_get_version().decode(), args)
        return instance
    rejected = find_rejected(args)
    if rejected:
        raise VlcOptionsError(
            "libVLC rejected these options: " + ", ".join(rejected)
            + ". Check --vlc-args / " + ENV_EXTRA_ARGS + ".",
            rejected,
        )
    raise VlcUnavailableError(
        f"libVLC could not start with options {args}; its plugins may be missing "
        "(set VLC_PLUGIN_PATH to VLC's plugins folder)."
    )


# One libVLC instance per app: it owns the plugin bank and the audio output,
# and every MediaPlayer of the app hangs off it.
_configured_extra: str | Sequence[str] | None = None
_shared: Any = None


def configure(extra: str | Sequence[str] | None) -> None:
    """Set the extra options for the shared instance (before it is first created)."""
    global _configured_extra
    if _shared is not None:
        log.warning("libVLC options changed after the instance was created; restart to apply")
    _configured_extra = extra


def shared_instance() -> Any:
    """The app-wide instance, created on first use with the configured options."""
    global _shared
    if _shared is None:
        _shared = create_instance(_configured_extra)
    return _shared


def release_shared_instance() -> None:
    """Release the app-wide instance (idempotent); call after every player is released."""
    global _shared
    instance, _shared = _shared, None
    if instance is not None:
        instance.release()
