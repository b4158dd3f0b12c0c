"""Fixtures live in fpv_hostile_support.py (a uniquely named module, importable by the tests)."""

from fpv_hostile_support import *  # noqa: F403  (fixtures are found by name in this namespace)
