"""Test support shared by several test folders: the main-thread guard transport, the in-memory
keyring backend, the headless libVLC fixture and the main-window harnesses.

Importable as `fpv_support` because the root tests/conftest.py puts tests/ on sys.path. The
package name is unique across the tests tree: a module name used in two folders shadows the
other when those folders run together."""
