"""The sandbox stays independent of Qt, libVLC and the client code it is meant to check."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import fastpix_viewer.sandbox

PACKAGE = Path(fastpix_viewer.sandbox.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "vlc", "fastpix_viewer.api", "fastpix_viewer.ui")


def test_importing_and_starting_the_sandbox_loads_none_of_them():
    code = (
        "import sys\n"
        "from fastpix_viewer.sandbox import cli, server\n"
        "s = server.SandboxServer(); s.start(); s.stop()\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN[:3]!r} "
        "or m.startswith(('fastpix_viewer.api', 'fastpix_viewer.ui'))]\n"
        "assert not bad, bad\n"
        "print('clean')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


def test_no_source_file_imports_them():
    pattern = re.compile(r"^\s*(?:from|import)\s+(" + "|".join(re.escape(n) for n in FORBIDDEN) + r")\b", re.M)
    files = list(PACKAGE.rglob("*.py"))
    # A check that finds nothing passes silently: if the package moved, this test must say so.
    assert len(files) > 10 and {"server.py", "cli.py"} <= {f.name for f in files}, PACKAGE
    for file in files:
        assert not pattern.search(file.read_text(encoding="utf-8")), file
