"""Shared helpers for the packaging tests: where the built artefacts are, and how to
run the frozen app's smoke test and read its one JSON line."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastpix_viewer.sandbox.seed import build_seed

ROOT = Path(__file__).resolve().parents[2]
APP = "fastpix-viewer"
HEADLESS_VLC_ARGS = "--vout=dummy --aout=dummy"
# `./dev dist` writes here; FASTPIX_DIST_DIR points the tests at artefacts built elsewhere.
DIST_ENV = "FASTPIX_DIST_DIR"


@dataclass(frozen=True)
class Artefacts:
    onedir: Path
    tarball: Path
    deb: Path


def find_artefacts() -> tuple[Artefacts | None, str]:
    """The built onedir, .tar.gz and .deb, or None and what is missing."""
    dist = Path(os.environ.get(DIST_ENV) or ROOT / "dist")
    onedir = dist / APP
    tarballs = sorted(dist.glob(f"{APP}-*-linux-*.tar.gz"))
    debs = sorted(dist.glob(f"{APP}_*.deb"))
    missing = [what for what, found in (("onedir", (onedir / APP).is_file()),
                                        (".tar.gz", bool(tarballs)), (".deb", bool(debs))) if not found]
    if missing:
        return None, f"no {', '.join(missing)} in {dist}; build them with `./dev dist`"
    if len(tarballs) > 1 or len(debs) > 1:
        return None, f"several versions built in {dist}; remove the stale ones"
    return Artefacts(onedir, tarballs[0], debs[0]), ""


def app_env(**extra: str) -> dict[str, str]:
    """The environment a headless run gets: offscreen Qt, a private runtime dir, and
    nothing that would point libVLC or Qt at the venv or the system copies."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON_VLC_", "VLC_", "QT_PLUGIN", "LD_LIBRARY_PATH", "PYTHONPATH"))}
    runtime = tempfile.mkdtemp(prefix="fpv-pkg-xdg-")
    os.chmod(runtime, 0o700)
    env.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=runtime)
    env.update(extra)
    return env


def smoke_command(executable: Path, config_dir: Path, vlc_args: str = HEADLESS_VLC_ARGS) -> list[str]:
    return [str(executable), "--demo", "--smoke-test", "--config-dir", str(config_dir),
            "--vlc-args", vlc_args]


def read_smoke_report(result: subprocess.CompletedProcess) -> dict:
    """The JSON line of a finished smoke test, with its exit status checked."""
    assert result.returncode == 0, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


def assert_demo_played(report: dict) -> None:
    """What a user of the demo would see: the lists loaded and a recording playing."""
    seed = build_seed()  # the demo workspace is the sandbox's seed: every stream listed
    assert report["streams"] == len(seed.streams) and report["media"] > 0, report
    assert report["recording"], report
    assert report["playing"] is True, report
    assert report["position_ms"] >= 1000, report
    assert report["length_ms"] >= 4000, report
    assert isinstance(report["audio_tracks"], list) and report["audio_tracks"], report
