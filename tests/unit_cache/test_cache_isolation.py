"""The caches work where Qt and libVLC cannot be imported (as the API layer and sandbox do)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_cache_package_imports_and_works_with_qt_and_vlc_blocked(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "vlc"):
                    raise ImportError("blocked: " + name)
        sys.meta_path.insert(0, Block())
        import fastpix_viewer.cache as c
        from fastpix_viewer.cache import disk_cache, offline, thumbnails
        store = c.OfflineStore(__import__("pathlib").Path({str(tmp_path)!r}) / "o.sqlite3")
        store.save_listing("w" * 64, "media", [{{"id": "x"}}])
        assert store.load_listing("w" * 64, "media").items == [{{"id": "x"}}]
        assert not [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "vlc")]
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
