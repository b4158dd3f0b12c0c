"""`fastpix_viewer.api` works where PySide6 and vlc cannot be imported (CLI, servers, workers)."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import fastpix_viewer.api

API_DIR = Path(fastpix_viewer.api.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "vlc")


def test_api_imports_and_works_with_qt_and_vlc_blocked():
    script = textwrap.dedent(
        """
        import sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "vlc"):
                    raise ImportError(f"blocked: {name}")
                return None

        sys.meta_path.insert(0, Block())
        try:
            import PySide6  # noqa: F401
        except ImportError:
            pass
        else:
            raise SystemExit("the blocker does not work")
        import fastpix_viewer.api as api
        import fastpix_viewer.api.client, fastpix_viewer.api.profiles, fastpix_viewer.api.references
        import fastpix_viewer.api.download, fastpix_viewer.cli
        from fastpix_viewer.api.models import parse_media
        assert parse_media({"id": "x", "status": "READY"}).is_ready
        loaded = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "vlc")]
        assert not loaded, loaded
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_api_sources_import_neither_qt_nor_vlc():
    sources = sorted(API_DIR.rglob("*.py"))
    # A check that finds nothing passes silently: if the package moved, this test must say so.
    assert {"client.py", "pagination.py", "models.py", "http.py"} <= {s.name for s in sources}, API_DIR
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{source.name} imports {name}"
