"""What the bundle and the .deb hold: libVLC laid out so libvlccore finds its plugins,
licences, icons and demo media; no test data, caches, venv or secrets; nothing twice;
Depends covering every library the bundle links to but does not carry."""

from __future__ import annotations

import ast
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fpv_dist import APP, ROOT

INTERNAL = "_internal"


# --- layout ----------------------------------------------------------------

def test_libvlc_sits_beside_its_plugins_with_a_fresh_plugin_cache(bundle: Path):
    internal = bundle / INTERNAL
    assert (internal / "libvlc.so.5").is_file() and (internal / "libvlccore.so.9").is_file()
    plugins = internal / "vlc" / "plugins"
    # What HLS playback in the app needs: HTTP(S) access, the HLS demuxer, MPEG-TS/MP4,
    # H.264 and AAC decoding, X11 output, Pulse/ALSA audio, and the dummy outputs.
    for needed in ("access/libhttps_plugin.so", "access/libhttp_plugin.so",
                   "demux/libadaptive_plugin.so", "demux/libts_plugin.so", "demux/libmp4_plugin.so",
                   "codec/libavcodec_plugin.so", "misc/libgnutls_plugin.so",
                   "video_output/libxcb_x11_plugin.so", "video_output/libvdummy_plugin.so",
                   "audio_output/libpulse_plugin.so", "audio_output/libadummy_plugin.so"):
        assert (plugins / needed).is_file(), needed
    cache = plugins / "plugins.dat"
    assert cache.is_file()
    newest_plugin = max(p.stat().st_mtime for p in plugins.rglob("*.so"))
    assert cache.stat().st_mtime >= newest_plugin, "plugins.dat is older than a plugin: stale cache"
    assert b"libhttps_plugin.so" in cache.read_bytes()


def test_plugins_the_app_never_uses_are_left_out(bundle: Path):
    plugins = bundle / INTERNAL / "vlc" / "plugins"
    categories = {p.name for p in plugins.iterdir() if p.is_dir()}
    assert not categories & {"gui", "lua", "stream_out", "services_discovery", "control", "mux"}
    assert not list(plugins.rglob("libx26*_plugin.so")), "encoders are not needed to play"


def test_demo_media_icons_and_licences_are_bundled(bundle: Path):
    internal = bundle / INTERNAL
    media = internal / "resources" / "sample-media"
    shipped = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
    source = ROOT / "resources" / "sample-media"
    expected = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    assert shipped == expected
    assert (internal / "resources" / "icons" / "fastpix-viewer.svg").is_file()
    assert (internal / "resources" / "icons" / "fastpix-viewer-256.png").is_file()
    licences = internal / "licenses"
    notice = (licences / "THIRD-PARTY.txt").read_text(encoding="utf-8")
    assert "libVLC" in notice and "LGPL" in notice
    for text in ("LGPL-2.1.txt", "LGPL-3.txt", "GPL-2.txt", "GPL-3.txt"):
        assert "GNU" in (licences / text).read_text(encoding="utf-8")[:400]
    # The Debian copyright of each package a bundled library came from, e.g. libVLC's.
    packages = (licences / "debian" / "PACKAGES.txt").read_text(encoding="utf-8")
    for package in ("libvlc5", "libvlccore9", "vlc-plugin-base", "libavcodec59"):
        match = re.search(rf"^{re.escape(package)}: licence in (\S+)$", packages, re.M)
        assert match, package
        assert "GPL" in (licences / "debian" / match.group(1)).read_text(encoding="utf-8")
    for distribution in ("PySide6_Essentials-*", "python-vlc-*", "httpx-*"):
        (folder,) = (licences / "python").glob(distribution)
        assert "License" in (folder / "METADATA-LICENSE.txt").read_text(encoding="utf-8")


# --- what must not be there -------------------------------------------------

_JUNK = re.compile(
    r"(^|/)(tests?|\.venv|venv|__pycache__|\.pytest_cache|\.hypothesis|\.ruff_cache|\.git|"
    r"\.mypy_cache|\.github|\.ci|bench|build)(/|$)"
    r"|\.pyc$|(^|/)\.env$|\.key$|(^|/)id_(rsa|ed25519)|(^|/)\.netrc$|(^|/)profiles\.json$"
    r"|(^|/)(conftest|pytest|hypothesis|respx)[^/]*$"
)


def _junk(names: list[str]) -> list[str]:
    return [name for name in names if _JUNK.search(name.lstrip("./"))]


def test_tarball_holds_no_test_data_caches_venv_or_secrets(tarball_names: list[str]):
    assert all(name == APP or name.startswith(APP + "/") for name in tarball_names)
    assert _junk(tarball_names) == []


def test_deb_holds_no_test_data_caches_venv_or_secrets(deb_listing: list[str]):
    assert _junk(deb_listing) == []
    top = {name.lstrip("./").split("/")[0] for name in deb_listing if name.strip("./")}
    assert top == {"opt", "usr"}


def test_the_junk_check_would_catch_junk():
    """The pattern above is the whole check, so make sure it bites."""
    assert _junk([
        "fastpix-viewer/_internal/tests/fixtures/a.json", "./opt/x/.venv/bin/python",
        "a/__pycache__/m.pyc", "x/.env", "x/server.key", "x/.pytest_cache/v",
        "x/_internal/pytest/__init__.py", "x/.hypothesis/examples",
    ]) != [] and len(_junk(["x/.env", "a/b.pyc", "c/tests/d"])) == 3
    assert _junk(["fastpix-viewer/_internal/resources/sample-media/bars/asset.json",
                  "fastpix-viewer/_internal/licenses/debian/libtest0.copyright"]) == []


def test_no_private_keys_or_tokens_in_bundled_files(bundle: Path):
    """Loose files (certifi's public CA list is fine) carry no private key or a
    FastPix secret from a developer's environment."""
    secrets = [re.compile(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
               re.compile(rb"FASTPIX_SECRET_KEY\s*=\s*\S{8,}")]
    hits = []
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 4_000_000:
            data = path.read_bytes()
            if data[:4] == b"\x7fELF" or b"\0" in data[:4096]:
                continue  # libraries hold PEM markers as parser constants, not keys
            hits += [str(path.relative_to(bundle)) for pattern in secrets if pattern.search(data)]
    assert hits == []


def test_no_test_tools_are_frozen_into_the_app(bundle: Path):
    """The Python archive must not carry test frameworks or the test fixtures' module
    names (a sign that tests/ got analysed)."""
    archive = bundle / INTERNAL / "base_library.zip"
    names = set()
    if archive.exists():
        import zipfile

        names |= {Path(n).parts[0] for n in zipfile.ZipFile(archive).namelist()}
    # The PYZ table of contents is listed by PyInstaller's archive viewer.
    exe = bundle / APP
    listing = subprocess.run(
        [shutil.which("pyi-archive_viewer") or str(Path(ROOT / ".venv" / "bin" / "pyi-archive_viewer")),
         "--list", "--recursive", "--brief", str(exe)],
        capture_output=True, text=True, timeout=120, check=False)
    if listing.returncode != 0:
        pytest.fail(f"cannot list the frozen modules: {listing.stderr[-400:]}")
    modules = set(listing.stdout.split())
    assert "fastpix_viewer.ui.app.launch" in modules, "listing is not what this test expects"
    for unwanted in ("pytest", "_pytest", "hypothesis", "respx", "fastpix", "pytestqt",
                     "PyInstaller", "tkinter", "PySide6.QtNetwork", "PySide6.QtQml"):
        assert unwanted not in modules, unwanted
    assert not any(m.startswith(("tests.", "conftest", "fpv_", "sandbox_helpers")) for m in modules)


def test_nothing_is_bundled_twice(bundle: Path):
    seen: dict[str, Path] = {}
    twice = []
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.stat().st_size < 16 * 1024:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in seen:
            twice.append((str(seen[digest].relative_to(bundle)), str(path.relative_to(bundle))))
        else:
            seen[digest] = path
    assert twice == []


# --- Qt: only what the app imports ----------------------------------------------

def _qt_modules_imported_by_the_app() -> set[str]:
    modules = set()
    for source in (ROOT / "fastpix_viewer").rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6."):
                modules.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                modules |= {a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.")}
    return modules


def test_qt_libraries_match_what_the_app_imports(bundle: Path):
    used = _qt_modules_imported_by_the_app()
    assert used <= {"QtCore", "QtGui", "QtWidgets"}, (
        f"the app now imports {sorted(used)}: update QT_PRUNE/EXCLUDED_MODULES in "
        "packaging/pyinstaller/bundle_tools.py and this test")
    qt = bundle / INTERNAL / "PySide6"
    bindings = {p.name.split(".")[0] for p in qt.glob("Qt*.so")}
    assert used <= bindings
    libs = {p.name.split(".")[0] for p in (qt / "Qt" / "lib").glob("libQt6*")}
    for unwanted in ("libQt6Network", "libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6WaylandClient",
                     "libQt6OpenGL"):
        assert unwanted not in libs, unwanted
    platforms = {p.name for p in (qt / "Qt" / "plugins" / "platforms").iterdir()}
    assert platforms == {"libqxcb.so", "libqoffscreen.so"}


# --- Depends ---------------------------------------------------------------------

def _needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=False).stdout
    return re.findall(r"\(NEEDED\).*\[(.+?)\]", out)


def _is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def test_depends_cover_every_library_the_bundle_links_to_but_does_not_carry(
        bundle: Path, deb_control: dict[str, str]):
    depends = {d.strip().split(" ")[0] for d in deb_control["Depends"].split(",")}
    assert re.search(r"libc6 \(>= 2\.3\d\)", deb_control["Depends"])
    assert {"libgl1", "libegl1", "fontconfig"} <= depends
    carried = {p.name for p in bundle.rglob("*")}
    missing: set[str] = set()
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink() and _is_elf(path):
            missing |= {n for n in _needed(path) if n not in carried}
    assert missing, "a bundle that links to nothing outside itself is not what was built"
    ldconfig = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    unexplained = []
    for soname in sorted(missing):
        match = re.search(rf"^\s*{re.escape(soname)} \(.*x86-64.*\) => (\S+)", ldconfig, re.M)
        assert match, f"{soname} is needed but not installed here"
        owner = ""
        for candidate in (match.group(1), str(Path(match.group(1)).resolve())):
            for path in (candidate, candidate.removeprefix("/usr")):
                result = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True, check=False)
                if result.returncode == 0:
                    owner = result.stdout.split(":")[0]
                    break
            if owner:
                break
        if owner not in depends:
            unexplained.append(f"{soname} ({owner or 'no package'})")
    assert unexplained == []


def test_desktop_file_and_icons_are_installed(scratch_root: Path):
    desktop = scratch_root / "usr" / "share" / "applications" / f"{APP}.desktop"
    text = desktop.read_text(encoding="utf-8")
    assert "\nExec=fastpix-viewer" in text and "\nIcon=fastpix-viewer\n" in text
    for size in (16, 32, 48, 64, 128, 256, 512):
        icon = scratch_root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP}.png"
        assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", icon
    assert (scratch_root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP}.svg").is_file()
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(desktop)], capture_output=True, text=True, check=False)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    status = (scratch_root / "var" / "lib" / "dpkg" / "status").read_text(encoding="utf-8")
    assert re.search(rf"^Package: {APP}\nStatus: install ok installed$", status, re.M)
