"""Build the .deb from the PyInstaller onedir (dist/fastpix-viewer).

Layout: the bundle in /opt/fastpix-viewer, a launcher in /usr/bin, the .desktop
file and hicolor icons under /usr/share, the licences pointed to from
/usr/share/doc/fastpix-viewer/copyright. `Depends` is computed, not guessed: every
shared library a bundled ELF file links to that the bundle does not carry is
looked up in the dpkg database of the build host, and libc6's minimum version is
the newest GLIBC_ symbol version any bundled file needs. Built with dpkg-deb.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ICONS = ROOT / "resources" / "icons"
PACKAGE = "fastpix-viewer"
INSTALL_DIR = Path("opt") / PACKAGE

# What the bundle needs that no NEEDED entry names: fontconfig's configuration
# and at least one font (the bundled libfontconfig reads the system's /etc/fonts).
EXTRA_DEPENDS = ("fontconfig",)
# A Secret Service keeps saved workspaces' keys; without one the app asks each session.
SUGGESTS = ("gnome-keyring",)

# glibc's own libraries: one package, versioned by the GLIBC_ symbols used.
_GLIBC_SONAMES = frozenset({
    "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
    "libresolv.so.2", "libutil.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
})


def elf_files(tree: Path) -> Iterator[Path]:
    for path in sorted(tree.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def _readelf(path: Path) -> str:
    return subprocess.run(["readelf", "-dV", "--wide", str(path)],
                          capture_output=True, text=True, check=False).stdout


def unresolved_sonames(tree: Path) -> tuple[dict[str, list[Path]], tuple[int, ...]]:
    """({soname the bundle does not carry: [files needing it]}, newest GLIBC version needed)."""
    carried = {p.name for p in tree.rglob("*")}
    missing: dict[str, list[Path]] = {}
    glibc: tuple[int, ...] = (2, 17)
    for path in elf_files(tree):
        text = _readelf(path)
        for soname in re.findall(r"\(NEEDED\).*\[(.+?)\]", text):
            if soname not in carried:
                missing.setdefault(soname, []).append(path)
        for version in re.findall(r"Name: GLIBC_([0-9.]+)", text):
            glibc = max(glibc, tuple(int(part) for part in version.split(".")))
    return missing, glibc


def _system_paths() -> dict[str, str]:
    """{soname: path} from the dynamic linker's cache, for this machine's word size."""
    out = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    paths: dict[str, str] = {}
    for line in out.splitlines():
        match = re.match(r"\s*(\S+) \((.*?)\) => (\S+)", line)
        if match and ("x86-64" in match.group(2) or "64bit" in match.group(2) or "AArch64" in match.group(2)):
            paths.setdefault(match.group(1), match.group(3))
    return paths


def _owner(path: str) -> str | None:
    for candidate in (path, os.path.realpath(path)):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
        # merged /usr: dpkg knows /lib/... for some files installed as /usr/lib/...
        if candidate.startswith("/usr/lib/"):
            alt = candidate[len("/usr"):]
            result = subprocess.run(["dpkg", "-S", alt], capture_output=True, text=True, check=False)
            if result.returncode == 0:
                return result.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def compute_depends(tree: Path) -> list[str]:
    """The Depends list for a bundle: packages for what it links to but does not carry."""
    missing, glibc = unresolved_sonames(tree)
    system = _system_paths()
    packages: set[str] = set()
    unknown = []
    for soname in sorted(missing):
        if soname in _GLIBC_SONAMES:
            continue
        path = system.get(soname)
        owner = _owner(path) if path else None
        if owner is None:
            unknown.append(soname)
        else:
            packages.add(owner)
    if unknown:
        raise SystemExit(
            "deb: no installed package provides " + ", ".join(unknown)
            + " (needed by the bundle); install it on the build host or bundle it")
    depends = [f"libc6 (>= {'.'.join(map(str, glibc))})"]
    depends += sorted(packages - {"libc6"})
    depends += [p for p in EXTRA_DEPENDS if p not in packages]
    return depends


def _copy_tree(source: Path, target: Path) -> None:
    # copy2 keeps modification times: libVLC's plugins.dat records each plugin's
    # mtime and size, and dpkg restores the mtimes stored in the package.
    shutil.copytree(source, target, symlinks=True, copy_function=shutil.copy2)


def _description() -> str:
    return (
        "Desktop browser and player for FastPix live streams and recordings\n"
        " Lists the live streams and on-demand media of a FastPix workspace, shows\n"
        " their details and plays them (HLS, signed playback) in an embedded\n"
        " libVLC player. Includes a built-in demo workspace (fastpix-viewer --demo).\n"
        " .\n"
        " Self-contained: Python, Qt 6 and libVLC with its plugins are bundled in\n"
        " /opt/fastpix-viewer; their licences are in\n"
        " /opt/fastpix-viewer/_internal/licenses."
    )


def stage(onedir: Path, staging: Path, version: str, architecture: str) -> Path:
    """Lay the package out under `staging` (removed first); returns it."""
    if staging.exists():
        shutil.rmtree(staging)
    root = staging
    _copy_tree(onedir, root / INSTALL_DIR)
    launcher = root / "usr" / "bin" / PACKAGE
    launcher.parent.mkdir(parents=True)
    shutil.copy2(HERE / "fastpix-viewer.sh", launcher)
    launcher.chmod(0o755)
    applications = root / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy2(HERE / "fastpix-viewer.desktop", applications / f"{PACKAGE}.desktop")
    hicolor = root / "usr" / "share" / "icons" / "hicolor"
    for png in sorted(ICONS.glob("fastpix-viewer-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        target = hicolor / f"{size}x{size}" / "apps" / f"{PACKAGE}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target)
    scalable = hicolor / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(ICONS / "fastpix-viewer.svg", scalable / f"{PACKAGE}.svg")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: fastpix-viewer\n\n"
        "Files: *\nLicense: MIT\n\n"
        "Files: opt/fastpix-viewer/_internal/*\n"
        "Comment: Bundled third-party software (Python, Qt 6/PySide6, libVLC and its\n"
        " plugins and codec libraries, Python packages), each under its own licence\n"
        " (LGPL-2.1+, LGPL-3, GPL-2+, and others). See\n"
        " /opt/fastpix-viewer/_internal/licenses/THIRD-PARTY.txt and the files beside it.\n"
        "License: various\n", encoding="utf-8")
    for path in root.rglob("*"):  # dpkg keeps modes as staged; umask must not leak in
        if path.is_symlink():
            continue
        path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    debian = root / "DEBIAN"
    debian.mkdir()
    installed_kib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    control = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": architecture,
        "Maintainer": "FastPix Viewer maintainers <fastpix-viewer@users.noreply.github.com>",
        "Installed-Size": str(installed_kib),
        "Depends": ", ".join(compute_depends(root / INSTALL_DIR)),
        "Suggests": ", ".join(SUGGESTS),
        "Section": "video",
        "Priority": "optional",
        "Description": _description(),
    }
    (debian / "control").write_text(
        "".join(f"{key}: {value}\n" for key, value in control.items()), encoding="utf-8")
    return root


def build(onedir: Path, out_dir: Path, version: str, *, compressor: Iterable[str] = ("-Zzstd", "-z3"),
          staging: Path | None = None) -> Path:
    """Stage and pack the .deb; returns its path."""
    architecture = subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                                  text=True, check=True).stdout.strip()
    staging = staging or ROOT / "build" / "deb-root"
    root = stage(onedir, staging, version, architecture)
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{architecture}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", *compressor, "--build", str(root), str(deb)],
                   check=True, stdout=subprocess.DEVNULL)
    return deb
