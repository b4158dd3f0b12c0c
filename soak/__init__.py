"""Chaos soak: the real GUI against a faulty sandbox, driven by a seeded monkey (`python -m soak`)."""
