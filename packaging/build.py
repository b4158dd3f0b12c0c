"""Build the self-contained app for this platform: `./dev dist` runs this.

    python packaging/build.py [--skip-freeze] [--dist DIR] [--deb-compressor zstd|gzip]

1. PyInstaller with build.spec -> dist/fastpix-viewer/ (onedir; plugin cache written).
2. Linux: dist/fastpix-viewer-<version>-linux-<arch>.tar.gz and
   dist/fastpix-viewer_<version>_<arch>.deb.
   Windows: the Inno Setup installer when ISCC.exe is on PATH (CI installs it).
   macOS: the .app is in dist/; packaging/macos/make_dmg.sh wraps it.
Prints what it built, the sizes, and how long each step took.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = "fastpix-viewer"


def _step(name: str, started: float) -> None:
    print(f"build: {name} took {time.monotonic() - started:.1f} s", flush=True)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def freeze(dist: Path) -> Path:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(ROOT / "build" / "pyinstaller"),
         str(ROOT / "build.spec")],
        check=True, cwd=ROOT,
    )
    _step("PyInstaller", started)
    return dist / APP


def _reset_tarinfo(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # Reproducible archive: no build user, no build machine's ids.
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def tarball(onedir: Path, dist: Path, version: str) -> Path:
    started = time.monotonic()
    arch = platform.machine().lower()
    target = dist / f"{APP}-{version}-linux-{arch}.tar.gz"
    # GNU tar + gzip (default level 6) is faster than Python's tarfile here; fall
    # back to tarfile where GNU tar is missing.
    if shutil.which("tar"):
        subprocess.run(
            ["tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner",
             "-C", str(onedir.parent), "-czf", str(target), onedir.name],
            check=True,
        )
    else:
        with tarfile.open(target, "w:gz", compresslevel=6) as archive:
            archive.add(onedir, arcname=onedir.name, filter=_reset_tarinfo)
    _step("tar.gz", started)
    return target


def deb(onedir: Path, dist: Path, version: str, compressor: str) -> Path:
    sys.path.insert(0, str(ROOT / "packaging" / "linux"))
    import deb as debian  # packaging/linux/deb.py

    started = time.monotonic()
    flags = {"zstd": ("-Zzstd", "-z3"), "gzip": ("-Zgzip", "-z1"), "xz": ("-Zxz", "-z6")}[compressor]
    package = debian.build(onedir, dist, version, compressor=flags)
    _step(f".deb ({compressor})", started)
    return package


def windows_installer(onedir: Path, dist: Path, version: str) -> Path | None:
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    if not iscc:
        print("build: ISCC.exe (Inno Setup) not on PATH; skipping the installer")
        return None
    started = time.monotonic()
    subprocess.run(
        [iscc, f"/DAppVersion={version}", f"/DBundleDir={onedir}", f"/DOutputDir={dist}",
         str(ROOT / "packaging" / "windows" / "fastpix-viewer.iss")],
        check=True,
    )
    _step("Inno Setup", started)
    return dist / f"{APP}-{version}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--skip-freeze", action="store_true", help="package an existing dist/fastpix-viewer")
    parser.add_argument("--deb-compressor", choices=("zstd", "gzip", "xz"), default="zstd")
    args = parser.parse_args(argv)

    version = metadata.version(APP)
    dist: Path = args.dist.resolve()
    total = time.monotonic()
    onedir = dist / APP if args.skip_freeze else freeze(dist)
    if not (onedir / "_internal").is_dir() and sys.platform != "darwin":
        print(f"build: {onedir} is not a PyInstaller onedir", file=sys.stderr)
        return 1
    built = [onedir]
    if sys.platform.startswith("linux"):
        built.append(tarball(onedir, dist, version))
        built.append(deb(onedir, dist, version, args.deb_compressor))
    elif sys.platform == "win32":
        installer = windows_installer(onedir, dist, version)
        if installer:
            built.append(installer)
    _step("everything", total)
    for path in built:
        print(f"build: {path}  {_size(path) / 1e6:.1f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
