"""Packaging tests run against what `./dev dist` built (dist/, or $FASTPIX_DIST_DIR).

`.ci/run` builds first, so in CI (CI set) missing artefacts are a failure; on a
developer machine without a build these tests are skipped with the command to run.
Each fixture unpacks or installs once per session into a scratch folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from fpv_dist import APP, Artefacts, find_artefacts


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def artefacts() -> Artefacts:
    found, why = find_artefacts()
    if found is None:
        if _in_ci():
            pytest.fail(f"packaging artefacts missing in CI: {why}")
        pytest.skip(why)
    return found


@pytest.fixture(scope="session")
def unpacked_tarball(artefacts: Artefacts, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .tar.gz unpacked as a user would: `tar xzf` into an empty folder."""
    target = tmp_path_factory.mktemp("tarball")
    subprocess.run(["tar", "-xzf", str(artefacts.tarball), "-C", str(target)], check=True)
    return target


@pytest.fixture(scope="session")
def tarball_names(artefacts: Artefacts) -> list[str]:
    with tarfile.open(artefacts.tarball) as archive:
        return archive.getnames()


@pytest.fixture(scope="session")
def scratch_root(artefacts: Artefacts, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb installed with dpkg into a scratch root whose package database is a
    copy of this machine's, so dpkg really checks the Depends (no --force-depends)."""
    if shutil.which("dpkg") is None:
        pytest.fail("dpkg is needed to install the .deb")
    root = tmp_path_factory.mktemp("deb-root")
    admin = root / "var" / "lib" / "dpkg"
    for sub in ("info", "updates", "triggers"):
        (admin / sub).mkdir(parents=True)
    shutil.copy2("/var/lib/dpkg/status", admin / "status")
    (admin / "available").touch()
    result = subprocess.run(
        ["dpkg", f"--root={root}", "--force-script-chrootless", "-i", str(artefacts.deb)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="session")
def deb_listing(artefacts: Artefacts) -> list[str]:
    out = subprocess.run(["dpkg-deb", "-c", str(artefacts.deb)], capture_output=True,
                         text=True, check=True).stdout
    # "-rw-r--r-- root/root 123 2026-01-01 00:00 ./path" (symlinks add " -> target")
    return [line.split(maxsplit=5)[5].split(" -> ")[0] for line in out.splitlines()]


@pytest.fixture(scope="session")
def deb_control(artefacts: Artefacts) -> dict[str, str]:
    out = subprocess.run(["dpkg-deb", "-f", str(artefacts.deb)], capture_output=True,
                         text=True, check=True).stdout
    fields: dict[str, str] = {}
    key = ""
    for line in out.splitlines():
        if line.startswith(" ") and key:
            fields[key] += "\n" + line
        elif ":" in line:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


@pytest.fixture(scope="session")
def bundle(unpacked_tarball: Path) -> Path:
    """The onedir as the tarball ships it."""
    return unpacked_tarball / APP
