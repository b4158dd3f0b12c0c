"""Helpers for build.spec: where libVLC comes from on each OS, which plugins ship,
which Qt parts are pruned, the licence folder and the plugin cache.

Kept out of the spec so each rule has a name and a reason, and so tests can reuse
the rules (tests/packaging check the built bundle against them).
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LICENSE_TEXTS = ROOT / "packaging" / "licenses"

# Where the bundle keeps libVLC's plugins, relative to _internal (sys._MEIPASS).
# libvlccore looks in "<its own folder>/vlc/plugins" by itself (shared notes,
# vlc-qt-packaging §6), and fastpix_viewer/ui/playback/vlc_setup.py points python-vlc there.
PLUGIN_DEST = "vlc/plugins"
LICENSE_DEST = "licenses"

# Plugin categories the app never uses: it only plays HTTP(S) HLS/MP4 into an
# embedded window. Dropping them shrinks the attack surface more than the size
# (their unique dependencies are < 10 MB; most of the weight is libavcodec).
SKIPPED_CATEGORIES = frozenset({
    "gui",                # VLC's own Qt/skins interfaces
    "lua",                # extensions and playlist scripts (the app passes --no-lua)
    "visualization",      # audio visualisers
    "control",            # remote control interfaces (rc, dbus MPRIS, lirc, hotkeys)
    "services_discovery", # UPnP, SAP, podcasts, media libraries
    "stream_out",         # transcoding and streaming out (chromecast, ...)
    "access_output",      # writing streams out
    "mux",                # muxers are only used by stream_out
    "video_splitter",     # video walls
    "notify",             # desktop notifications for "now playing"
    "keystore",           # password stores for HTTP auth prompts (the app never prompts)
    "meta_engine",        # taglib, folder art
    "stream_extractor",   # playing files inside archives
})

# Single plugins in kept categories the app does not need: capture devices, disc
# and network-share access, encoders, console/framebuffer/Wayland video outputs
# (the app forces XWayland on Wayland; libVLC 3 can only embed into X11 there).
SKIPPED_PLUGINS = frozenset({
    "access_alsa", "access_mms", "access_mtp", "access_realrtsp", "cdda", "dc1394",
    "dtv", "dv1394", "dvb", "dvdnav", "dvdread", "libbluray", "linsys_hdsdi",
    "linsys_sdi", "nfs", "pulsesrc", "rist", "satip", "sftp", "shm", "smb", "dsm",
    "v4l2", "vcd", "vdr", "vnc", "rdp", "xcb_screen", "jack",
    "x264", "x26410b", "x265", "shine", "twolame", "edummy",
    "aa", "caca", "fb", "flaschen", "kms", "wl_shell", "wl_shm", "xdg_shell",
    "egl_wl", "glconv_vaapi_wl", "gles2",  # GLES only for embedded boards; desktops use gl/glx
    "audioscrobbler", "fingerprinter", "export", "vod_rtsp",
    "addonsfsstorage", "addonsvorepository",
    # VLC.app keeps all plugins in one folder (no categories to skip): its
    # interfaces and scripting by name.
    "macosx", "qt", "skins2", "lua", "hotkeys", "gestures", "oldrc", "ncurses",
    "win_hotkeys", "win_msg", "ntservice", "dbus", "mpris",
})


def plugin_name(path: Path) -> str:
    """`libhttp_plugin.so` / `libhttp_plugin.dll` / `libhttp_plugin.dylib` -> `http`."""
    stem = path.name.split(".")[0]
    if stem.startswith("lib"):
        stem = stem[3:]
    return stem.removesuffix("_plugin")


def plugin_wanted(relative: Path) -> bool:
    """Whether a plugin at `relative` (category/file under the plugin folder) ships."""
    if relative.parts and relative.parts[0] in SKIPPED_CATEGORIES:
        return False
    return plugin_name(relative) not in SKIPPED_PLUGINS


@dataclass(frozen=True)
class LibVlc:
    """One libVLC installation to copy from."""

    libraries: tuple[Path, ...]  # libvlc first, then libvlccore
    plugins: Path
    cache_gen: Path | None       # vlc-cache-gen, when the installation has one
    licence_files: tuple[Path, ...] = ()


def _linux_libdir() -> Path:
    multiarch = sysconfig.get_config_var("MULTIARCH") or "x86_64-linux-gnu"
    return Path("/usr/lib") / multiarch


def locate_libvlc() -> LibVlc:
    """The libVLC to bundle on this OS; FASTPIX_VLC_DIR overrides the default place.

    Linux: the distribution's (apt: libvlc5 vlc-plugin-base vlc-plugin-video-output
    libvlc-bin). Windows: an unpacked official VLC build (vlc-3.0.x-win64.zip).
    macOS: VLC.app (Contents/MacOS/lib and Contents/MacOS/plugins).
    """
    override = os.environ.get("FASTPIX_VLC_DIR")
    if sys.platform.startswith("linux"):
        libdir = Path(override) if override else _linux_libdir()
        found = LibVlc(
            libraries=(libdir / "libvlc.so.5", libdir / "libvlccore.so.9"),
            plugins=libdir / "vlc" / "plugins",
            cache_gen=libdir / "vlc" / "vlc-cache-gen",
        )
    elif sys.platform == "win32":
        base = Path(override or r"C:\Program Files\VideoLAN\VLC")
        found = LibVlc(
            libraries=(base / "libvlc.dll", base / "libvlccore.dll"),
            plugins=base / "plugins",
            cache_gen=base / "vlc-cache-gen.exe",
            licence_files=tuple(p for p in (base / "COPYING.txt", base / "AUTHORS.txt") if p.exists()),
        )
    elif sys.platform == "darwin":
        app = Path(override or "/Applications/VLC.app")
        macos = app / "Contents" / "MacOS"
        found = LibVlc(
            libraries=(macos / "lib" / "libvlc.dylib", macos / "lib" / "libvlccore.dylib"),
            plugins=macos / "plugins",
            cache_gen=None,  # VLC.app has none; regenerate through libVLC itself
            licence_files=tuple(
                p for p in (app / "Contents" / "Resources" / "COPYING",
                            app / "Contents" / "Resources" / "COPYING.txt") if p.exists()),
        )
    else:
        raise SystemExit(f"build.spec: no libVLC layout known for {sys.platform}")
    missing = [str(p) for p in (*found.libraries, found.plugins) if not p.exists()]
    if missing:
        raise SystemExit(
            "build.spec: libVLC not found (" + ", ".join(missing) + "). Install VLC 3 "
            "or set FASTPIX_VLC_DIR to the folder holding it.")
    return found


_PLUGIN_SUFFIXES = (".so", ".dll", ".dylib")


def iter_plugins(libvlc: LibVlc) -> Iterator[tuple[Path, Path]]:
    """(source file, path relative to the plugin folder) for every plugin that ships."""
    for path in sorted(libvlc.plugins.rglob("*")):
        if path.suffix in _PLUGIN_SUFFIXES and path.is_file():
            relative = path.relative_to(libvlc.plugins)
            if plugin_wanted(relative):
                yield path, relative


def libvlc_binaries(libvlc: LibVlc) -> list[tuple[str, str]]:
    """PyInstaller `binaries` entries: libVLC beside the Python runtime, plugins under
    vlc/plugins/<category>/. Plugins go in as binaries (not data) so PyInstaller also
    collects the libraries they link to (libavcodec and friends)."""
    entries = [(str(lib), ".") for lib in libvlc.libraries]
    for source, relative in iter_plugins(libvlc):
        entries.append((str(source), str(Path(PLUGIN_DEST) / relative.parent)))
    return entries


# --- Qt pruning --------------------------------------------------------------
# The app imports only QtCore, QtGui and QtWidgets (checked by a test). These
# globs, matched against destination paths, drop what PyInstaller's Qt hooks
# collect for other modules or platforms. Qt's own Wayland platform is not needed:
# the app switches Qt to XWayland because libVLC 3 embeds only into X11 windows.
QT_PRUNE = (
    # Plugins: "PySide6/Qt/plugins/..." on Linux and macOS, "PySide6/plugins/..." on
    # Windows; fnmatch's "*" also matches "/", so "PySide6/*plugins/" covers both.
    "PySide6/*plugins/wayland-*",
    "PySide6/*plugins/platforms/*wayland*",
    "PySide6/*plugins/platforms/*eglfs*",
    "PySide6/*plugins/platforms/*linuxfb*",
    "PySide6/*plugins/platforms/*vnc*",
    "PySide6/*plugins/platforms/*minimal*",
    "PySide6/*plugins/platforms/*vkkhrdisplay*",
    "PySide6/*plugins/platforms/*direct2d*",
    "PySide6/*plugins/egldeviceintegrations*",
    "PySide6/*plugins/networkinformation*",
    "PySide6/*plugins/tls*",
    "PySide6/*plugins/generic*",              # evdev/tslib/tuio input for kiosks
    "PySide6/*plugins/printsupport*",
    "PySide6/*plugins/sqldrivers*",
    "PySide6/*plugins/qmltooling*",
    # GTK3 look-and-feel plugin: pulls in GTK, GDK, ATK and AT-SPI (~11 MB); Qt's
    # Fusion style and the XDG portal theme plugin (kept) cover the desktop.
    "PySide6/*plugins/platformthemes/*gtk3*",
    # Image formats nobody feeds the app (posters are JPEG/PNG/WebP, icons PNG/SVG).
    "PySide6/*plugins/imageformats/*qtga*",
    "PySide6/*plugins/imageformats/*qtiff*",
    "PySide6/*plugins/imageformats/*qwbmp*",
    "PySide6/*plugins/imageformats/*qicns*",
    # Qt libraries of modules the app does not import. Linux: PySide6/Qt/lib/libQt6X.so.6;
    # Windows: PySide6/Qt6X.dll; macOS: PySide6/Qt/lib/QtX.framework.
    "PySide6/Qt/lib/libQt6Wayland*",
    "PySide6/Qt/lib/libQt6WlShell*",
    "PySide6/Qt/lib/libQt6EglFS*",
    "PySide6/Qt/lib/libQt6Network*",
    "PySide6/Qt/lib/libQt6Qml*",
    "PySide6/Qt/lib/libQt6Quick*",
    "PySide6/Qt/lib/libQt6Pdf*",
    "PySide6/Qt/lib/libQt6OpenGL*",
    "libwayland-*",
    "libdecor-*",
    "PySide6/opengl32sw.dll",                 # 20 MB software OpenGL; widgets do not use GL
    "PySide6/Qt6Network.dll", "PySide6/Qt6Qml*", "PySide6/Qt6Quick*", "PySide6/Qt6Pdf*",
    "PySide6/Qt/lib/QtNetwork.framework*", "PySide6/Qt/lib/QtQml*", "PySide6/Qt/lib/QtQuick*",
    "PySide6/Qt/lib/QtPdf*",
)

# Python modules the app never imports at run time (test tools, build tools, Qt
# bindings beyond the three used). PyInstaller would otherwise follow optional
# imports into them.
EXCLUDED_MODULES = [
    "tkinter", "unittest", "pydoc_data", "lib2to3",
    "pytest", "_pytest", "pytestqt", "hypothesis", "respx", "fastpix", "ruff",
    "PyInstaller", "setuptools", "pip", "IPython", "numpy",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtPdf", "PySide6.QtSql",
    "PySide6.QtTest", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp",
    "PySide6.QtPrintSupport", "PySide6.QtConcurrent", "PySide6.QtXml", "PySide6.QtDBus",
]


def pruned(dest: str) -> bool:
    normal = dest.replace("\\", "/")
    return any(fnmatch.fnmatch(normal, pattern) for pattern in QT_PRUNE)


def prune_toc(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return [entry for entry in toc if not pruned(entry[0])]


_SHARED_LIBRARY = re.compile(r"\.so(\.\d+)*$")


def _elf_needed(path: str) -> list[str]:
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=False).stdout
    return re.findall(r"\(NEEDED\).*\[(.+?)\]", out)


def _is_root(dest: str) -> bool:
    """Binaries something loads by path rather than by a NEEDED entry: Python
    extension modules, Qt and VLC plugins, libpython, and libVLC (python-vlc dlopens it)."""
    name = dest.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        "/plugins/" in "/" + dest.replace("\\", "/")
        or ".cpython-" in name or ".abi3." in name
        or name.startswith(("libpython", "libvlc.so", "libvlccore.so"))
    )


def drop_orphan_libraries(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Linux: drop shared libraries nothing in the bundle links to any more.

    PyInstaller collects the dependencies of every plugin it was given; pruning a
    plugin (above) leaves its dependencies behind. Reachability from the roots over
    NEEDED entries finds them. A no-op on Windows and macOS.
    """
    if not sys.platform.startswith("linux"):
        return binaries
    by_name: dict[str, tuple[str, str, str]] = {}
    by_dest = {entry[0]: entry for entry in binaries}
    for entry in binaries:
        by_name.setdefault(entry[0].rsplit("/", 1)[-1], entry)
    reached: set[str] = set()
    todo = [entry for entry in binaries if _is_root(entry[0]) or not _SHARED_LIBRARY.search(entry[0])]
    while todo:
        dest, src, kind = todo.pop()
        if dest in reached:
            continue
        reached.add(dest)
        if kind == "SYMLINK":  # src is the link target's destination name
            target = os.path.normpath(os.path.join(os.path.dirname(dest), src)).replace("\\", "/")
            todo.extend(e for e in (by_dest.get(target), by_dest.get(src)) if e)
        elif os.path.isfile(src):
            todo.extend(by_name[n] for n in _elf_needed(src) if n in by_name)
    return [entry for entry in binaries if entry[0] in reached]


# --- licences ----------------------------------------------------------------

def debian_packages_of(paths: Iterable[str]) -> dict[str, list[str]]:
    """{Debian package: [bundled files it owns]} for the system files being bundled."""
    wanted = sorted({os.path.realpath(p) for p in paths if p.startswith(("/usr/", "/lib"))})
    owners: dict[str, list[str]] = {}
    for chunk_start in range(0, len(wanted), 200):
        chunk = wanted[chunk_start:chunk_start + 200]
        result = subprocess.run(["dpkg", "-S", *chunk], capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            package, _, path = line.partition(": ")
            package = package.split(":")[0].split(",")[0].strip()
            owners.setdefault(package, []).append(path.strip())
    # dpkg -S knows files by the path the package installed; /lib is /usr/lib here.
    return owners


def write_licences(stage: Path, bundled_sources: Iterable[str], libvlc: LibVlc) -> Path:
    """Fill `stage` with the licence texts of what ships; returns it.

    - the project's notice (THIRD-PARTY.txt) and the GPL/LGPL texts it refers to;
    - Linux: the Debian copyright file of every package a bundled library came from
      (libvlc5, vlc-plugin-base, libavcodec59, libx265, ...), with the file list;
    - Windows/macOS: VLC's own COPYING from the build it was taken from;
    - the licence files of the Python distributions that ship.
    """
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    for text in sorted(LICENSE_TEXTS.glob("*.txt")):
        shutil.copy2(text, stage / text.name)
    if sys.platform.startswith("linux"):
        debian = stage / "debian"
        debian.mkdir()
        owners = debian_packages_of(bundled_sources)
        index = []
        written: dict[bytes, str] = {}  # several packages of one source share one text
        for package in sorted(owners):
            copyright_file = Path("/usr/share/doc") / package / "copyright"
            licence = "(no copyright file installed)"
            if copyright_file.is_file():
                text = copyright_file.read_bytes()
                if text not in written:
                    written[text] = f"{package}.copyright"
                    (debian / written[text]).write_bytes(text)
                licence = written[text]
            index.append(f"{package}: licence in {licence}\n"
                         + "".join(f"  {p}\n" for p in sorted(owners[package])))
        (debian / "PACKAGES.txt").write_text(
            "Debian packages whose files this bundle carries, which files, and which\n"
            "copyright file beside this one holds each package's licence terms; the\n"
            "GPL/LGPL texts they refer to are in the folder above.\n\n" + "\n".join(index),
            encoding="utf-8")
    for index, licence in enumerate(libvlc.licence_files):
        shutil.copy2(licence, stage / f"VLC-{index}-{licence.name}")
    _python_licences(stage / "python")
    _replace_duplicates(stage)
    return stage


def _replace_duplicates(stage: Path) -> None:
    """A text that several packages ship (python-vlc's COPYING is the LGPL 2.1) is
    kept once; later copies become a one-line pointer to the first."""
    import hashlib

    first: dict[str, Path] = {}
    for path in sorted(stage.rglob("*"), key=lambda p: (len(p.parts), str(p))):
        if not path.is_file():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in first:
            target = os.path.relpath(first[digest], path.parent)
            path.write_text(f"Same text as {target}\n", encoding="utf-8")
        else:
            first[digest] = path


def _python_licences(target: Path) -> None:
    """Licence files of the app's runtime distributions (the dependency closure)."""
    from importlib import metadata

    seen: set[str] = set()
    todo = ["fastpix-viewer"]
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for requirement in dist.requires or []:
            # Extras are optional; other markers (python_version, sys_platform) need no
            # evaluation: a requirement that does not apply is simply not installed.
            if "extra ==" not in requirement:
                todo.append(_requirement_name(requirement))
        files = [f for f in dist.files or [] if _is_licence_file(str(f))]
        licence_field = dist.metadata.get("License-Expression") or dist.metadata.get("License") or ""
        folder = target / f"{dist.metadata['Name']}-{dist.version}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "METADATA-LICENSE.txt").write_text(
            f"{dist.metadata['Name']} {dist.version}\nLicense: {licence_field.strip()[:2000]}\n",
            encoding="utf-8")
        for file in files:
            source = Path(str(file.locate()))
            if source.is_file():
                shutil.copy2(source, folder / source.name)


def _requirement_name(requirement: str) -> str:
    name = requirement
    for stop in " ;[<>=!~(":
        name = name.split(stop)[0]
    return name.strip()


def _is_licence_file(path: str) -> bool:
    lowered = path.lower()
    return ".dist-info/" in lowered and any(
        word in lowered.rsplit("/", 1)[-1] for word in ("licen", "copying", "notice", "authors"))


# --- libVLC plugin cache -----------------------------------------------------

def generate_plugin_cache(plugins: Path, libvlc: LibVlc, library: Path) -> Path:
    """Write plugins.dat for the bundled plugins; returns its path.

    Without it libVLC dlopens every plugin at start-up (~80 ms here, seconds on
    Windows with a virus scanner). Uses vlc-cache-gen where the installation has
    one; otherwise asks the bundled libVLC itself (`--reset-plugins-cache`), which
    writes the same file. Must run after anything that rewrites the plugins
    (copying without mtimes, code signing), since the cache records size and mtime.
    """
    cache = plugins / "plugins.dat"
    if cache.exists():
        cache.unlink()
    if libvlc.cache_gen is not None and libvlc.cache_gen.exists():
        env = dict(os.environ)
        env.pop("VLC_PLUGIN_PATH", None)
        # vlc-cache-gen loads the system libvlccore; the cache format is the same
        # for the same VLC version, and the cache only records the bundled files.
        subprocess.run([str(libvlc.cache_gen), str(plugins)], check=True, env=env)
    else:
        script = (
            "import os, sys, vlc\n"
            "instance = vlc.Instance(['--reset-plugins-cache', '--quiet'])\n"
            "sys.exit(0 if instance is not None else 3)\n"
        )
        env = dict(os.environ, PYTHON_VLC_LIB_PATH=str(library),
                   PYTHON_VLC_MODULE_PATH=str(plugins), VLC_PLUGIN_PATH=str(plugins))
        subprocess.run([sys.executable, "-c", script], check=True, env=env)
    if not cache.is_file():
        raise SystemExit(f"build.spec: libVLC wrote no plugin cache in {plugins}")
    return cache
