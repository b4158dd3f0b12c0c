"""Fixtures for this folder live in e2e_workspaces_support.py: a uniquely named module, so
test modules can import its helpers without clashing with other folders' conftest."""

from e2e_workspaces_support import *  # noqa: F403  (fixtures are found by name in this namespace)
