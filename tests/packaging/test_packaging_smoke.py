"""The frozen app runs its demo smoke test from the .tar.gz, from the installed .deb,
and with the system libVLC hidden (proof that the bundle carries its own)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pytest
from fpv_dist import (
    APP,
    HEADLESS_VLC_ARGS,
    app_env,
    assert_demo_played,
    read_smoke_report,
    smoke_command,
)

pytestmark = pytest.mark.slow


def test_tarball_app_plays_the_demo(bundle: Path, tmp_path: Path):
    result = subprocess.run(smoke_command(bundle / APP, tmp_path / "cfg"), capture_output=True,
                            text=True, timeout=120, env=app_env(), cwd=tmp_path)
    assert_demo_played(read_smoke_report(result))


def test_frozen_version_comes_from_the_package_metadata(bundle: Path, tmp_path: Path):
    result = subprocess.run([str(bundle / APP), "--version"], capture_output=True, text=True,
                            timeout=60, env=app_env(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP} {metadata.version(APP)}"


def test_installed_deb_launcher_plays_the_demo_from_the_plugin_cache_alone(scratch_root: Path, tmp_path: Path):
    """/usr/bin/fastpix-viewer starts /opt/fastpix-viewer; `--no-plugins-scan` makes
    libVLC use plugins.dat only, so this also proves the cache survived dpkg."""
    launcher = scratch_root / "usr" / "bin" / APP
    result = subprocess.run(
        smoke_command(launcher, tmp_path / "cfg", "--no-plugins-scan " + HEADLESS_VLC_ARGS),
        capture_output=True, text=True, timeout=120, env=app_env(), cwd=tmp_path)
    assert_demo_played(read_smoke_report(result))


# --- with the system libVLC hidden ---------------------------------------------

def _system_vlc_paths() -> tuple[list[str], list[str]]:
    """(files, folders) of the system libVLC and the codec libraries it uses."""
    libdir = Path("/usr/lib") / (sysconfig.get_config_var("MULTIARCH") or "x86_64-linux-gnu")
    files = []
    for name in ("libvlc.so.5", "libvlccore.so.9", "libavcodec.so.59", "libavformat.so.59"):
        path = libdir / name
        if path.exists():
            files.append(os.path.realpath(path))
    folders = [str(libdir / "vlc")] if (libdir / "vlc").is_dir() else []
    return files, folders


HIDE = r"""
set -eu
empty_file=$1; empty_dir=$2; shift 2
mount --make-rprivate /
while [ "$1" != "--" ]; do
    if [ -d "$1" ]; then mount --bind "$empty_dir" "$1"; else mount --bind "$empty_file" "$1"; fi
    shift
done
shift
exec "$@"
"""


def _hidden(tmp_path: Path, command: list[str]) -> list[str]:
    files, folders = _system_vlc_paths()
    assert files and folders, "the system libVLC this test hides is not installed"
    empty_file = tmp_path / "empty"
    empty_file.write_bytes(b"")
    empty_dir = tmp_path / "empty-dir"
    empty_dir.mkdir()
    return ["unshare", "-m", "sh", "-c", HIDE, "sh", str(empty_file), str(empty_dir),
            *files, *folders, "--", *command]


@pytest.fixture
def can_unshare(tmp_path: Path) -> None:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI runs as root with util-linux: unshare -m must be available")
        pytest.skip("needs root and unshare(1) for a private mount namespace")


def test_system_libvlc_is_really_hidden_in_the_namespace(can_unshare, tmp_path: Path):
    """Control: inside the same namespace the venv's python-vlc finds no libVLC."""
    probe = "import vlc, sys; sys.exit(0 if vlc.Instance(['--quiet']) is not None else 3)"
    result = subprocess.run(_hidden(tmp_path, [sys.executable, "-c", probe]),
                            capture_output=True, text=True, timeout=60, env=app_env())
    assert result.returncode != 0, "the system libVLC is still usable inside the namespace"
    # ...while outside it, it is (so the failure above is the hiding, not a broken venv).
    outside = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             timeout=60, env=app_env())
    assert outside.returncode == 0, outside.stderr


def test_bundle_plays_the_demo_with_the_system_libvlc_hidden(can_unshare, bundle: Path, tmp_path: Path):
    result = subprocess.run(_hidden(tmp_path, smoke_command(bundle / APP, tmp_path / "cfg")),
                            capture_output=True, text=True, timeout=120, env=app_env(), cwd=tmp_path)
    assert_demo_played(read_smoke_report(result))
