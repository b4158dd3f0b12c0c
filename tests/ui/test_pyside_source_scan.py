"""core.pyside_source_scan (issue 15): PySide6 is told up front that the app's modules use no
`__feature__` switch, so it does not read each one's source at start-up. The list must name
every module the package has (a module it misses costs time, not correctness), and the app's
Qt code must behave as before: no feature switched on."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import fastpix_viewer
from fastpix_viewer.ui.core.pyside_source_scan import own_module_names


def test_every_module_of_the_package_is_named():
    named = set(own_module_names(str(Path(fastpix_viewer.__file__).parent), "fastpix_viewer"))
    found = {
        info.name for info in pkgutil.walk_packages(fastpix_viewer.__path__, "fastpix_viewer.")
    }
    assert named == found | {"fastpix_viewer"}


def test_cache_folders_and_non_modules_are_left_out(tmp_path):
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "__pycache__" / "stale.py").write_text("")
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "real.py").write_text("")
    (tmp_path / "pkg" / "notes.txt").write_text("")
    (tmp_path / "pkg" / "not-a-module.py").write_text("")
    assert set(own_module_names(str(tmp_path / "pkg"), "pkg")) == {"pkg", "pkg.real"}


def test_the_app_loads_without_pyside_reading_its_sources_and_qt_names_stay_camel_case():
    # A fresh interpreter: which sources does PySide6's import hook read while the main window
    # module loads? None of the app's own; and Qt keeps its own (camelCase) names.
    probe = """
import inspect
read = []
original = inspect.getsource
def spy(obj):
    read.append(getattr(obj, "__name__", "?"))
    return original(obj)
inspect.getsource = spy
from fastpix_viewer.ui.shell import main_window
from PySide6.QtWidgets import QWidget
assert hasattr(QWidget, "setWindowTitle") and not hasattr(QWidget, "set_window_title")
print(sorted(name for name in read if name.startswith("fastpix_viewer")))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
