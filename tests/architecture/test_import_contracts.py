"""The architecture's import rules hold, and each rule is really checked.

The rules live in pyproject.toml ([tool.importlinter]) and `lint-imports` checks them in CI.
These tests run the same checker on the real tree (every contract kept), then on a copy of
the package with one violation planted per contract, which must break exactly that contract:
a contract that cannot fail protects nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "fastpix_viewer"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(tree_root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the project's contracts, on the package found under `tree_root`."""
    # import-linter is in the test extra: missing, it is a broken install, not a reason to skip.
    assert LINT_IMPORTS.exists(), f"{LINT_IMPORTS} is missing: pip install -e '.[test]'"
    env = {"PYTHONPATH": str(tree_root), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run(
        [str(LINT_IMPORTS), str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=tree_root, env=env, capture_output=True, text=True, timeout=300,
    )


def test_every_contract_is_kept_on_the_real_tree():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
    assert "kept, 0 broken" in result.stdout


# (contract name as lint-imports prints it, file to plant in, the planted line)
PLANTS = {
    "no-qt-below-ui": ("api/ids.py", "import PySide6.QtCore", "import neither Qt nor VLC"),
    "vlc-in-cache": ("cache/disk_cache.py", "import vlc", "import neither Qt nor VLC"),
    "sandbox-independent": ("sandbox/ids.py", "import fastpix_viewer.api.ids",
                            "the sandbox imports nothing of the client"),
    "top-layers": ("api/ids.py", "import fastpix_viewer.cache.disk_cache",
                   "cli and ui above cache above api"),
    "core-imports-feature": ("ui/core/banner.py", "import fastpix_viewer.ui.lists.columns",
                             "ui layers"),
    "feature-imports-shell": ("ui/lists/columns.py", "import fastpix_viewer.ui.shell.main_window",
                              "ui layers"),
    "features-independent": ("ui/details/tracks.py", "import fastpix_viewer.ui.playback.request",
                             "ui layers"),
    "cycle": ("api/ids.py", "import fastpix_viewer.api.client", "no import cycles"),
}


@pytest.fixture(scope="module")
def pristine_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(PACKAGE, root / "fastpix_viewer", ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(PLANTS))
def test_a_planted_violation_breaks_its_contract(case: str, pristine_copy: Path, tmp_path: Path):
    relative, line, expected = PLANTS[case]
    tree = tmp_path / "tree"
    shutil.copytree(pristine_copy, tree)
    target = tree / "fastpix_viewer" / relative
    assert target.is_file(), f"the file to plant in is gone: {relative}"
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # planted by the test\n",
                      encoding="utf-8")
    result = lint(tree)
    assert result.returncode != 0, f"planting {line!r} in {relative} broke no contract"
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(row.startswith(expected) or expected in row for row in broken), result.stdout
