"""Spare PySide6 from reading the source of each of the app's own modules as they load.

PySide6 hooks imports for its opt-in `__feature__` switches (snake_case, true_property). The
first time a module is imported after PySide6, the hook reads that module's whole source
(`inspect.getsource`) to see whether it mentions PySide, to pick the module's default switch.
The app uses no `__feature__`, so the answer for its own ~230 modules is known beforehand:
"no feature" (0). Writing it into PySide6's table before they load skips those source reads:
~30 ms of every start (issue 15, bench/README.md). Best effort: should a PySide6 release drop
or rename the table, the hook simply does its own check again."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import PySide6  # noqa: F401  (loads shiboken's support package, where the table lives)

# The package folder, found without an import: once PySide6 is in, any import (even of a
# module already loaded) goes through the hook, and would have this package's source read.
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NO_FEATURE = 0  # PySide6's select id for "this module uses PySide, with no feature switched on"
IGNORE = -1  # its select id for "ignore this module" (what it records for one without PySide)
# Modules without PySide that start-up imports only after PySide6 (the app's modules' own
# imports, opening the workspace, the TLS context, an IDNA host name, the crash log): marked
# "ignore" before they load. A module
# missing here costs a source read, nothing else.
LATER_IMPORTS = (
    "stringprep", "encodings.idna", "encodings.utf_8_sig", "pickle", "_compat_pickle", "_pickle",
    "platform", "signal", "_signal", "faulthandler", "ctypes", "ctypes._endian", "_ctypes",
    "platformdirs", "platformdirs.api", "platformdirs.unix", "platformdirs.version",
    "platformdirs._xdg", "platformdirs._paths", "platformdirs._runtime",
    "truststore", "truststore._api", "truststore._openssl", "truststore._ssl_constants",
    "csv", "_csv", "heapq", "_heapq", "queue", "_queue", "sqlite3", "sqlite3.dbapi2", "_sqlite3",
    "shlex", "anyio",
)


def own_module_names(package_dir: str, package: str) -> Iterator[str]:
    """Dotted names of every module and package under `package_dir` (source files only: a
    frozen build has none, and there PySide6 finds no source to read either)."""
    for folder, subfolders, files in os.walk(package_dir):
        subfolders[:] = [
            name for name in subfolders if name.isidentifier() and not name.startswith("__")
        ]
        relative = os.path.relpath(folder, package_dir)
        prefix = package if relative == "." else package + "." + relative.replace(os.sep, ".")
        for file in files:
            stem, ext = os.path.splitext(file)
            if ext != ".py" or not stem.isidentifier():
                continue
            yield prefix if stem == "__init__" else f"{prefix}.{stem}"


def spare_own_modules() -> int:
    """Record every module of the app as "no feature" in PySide6's import table, and every
    module loaded before PySide6 as "ignore" (what the hook finds for a module whose source
    never mentions PySide, the standard library's and httpx's: another ~4 ms of source reads
    at start-up, when `import ssl` or `import copy` runs again after PySide6). How many."""
    try:
        from shibokensupport import feature  # type: ignore[import-not-found]  # PySide6's own
    except ImportError:
        return 0
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    count = 0
    for name in own_module_names(PACKAGE_DIR, "fastpix_viewer"):
        table.setdefault(name, NO_FEATURE)
        count += 1
    for name in [*sys.modules, *LATER_IMPORTS]:
        # Loaded before PySide6 was (no `from __feature__ import` can have run in them), or
        # known to have no PySide in them.
        if not name.startswith(("PySide6", "shiboken", "fastpix_viewer", "__main__")):
            table.setdefault(name, IGNORE)
            count += 1
    return count
