"""Benchmarks for fastpix-viewer (issue 8): `python -m bench [--quick]`.

Each figure is measured in a separate process against a sandbox running in its own
process, with a baseline measured in the same run; see `bench/README.md`.
"""
