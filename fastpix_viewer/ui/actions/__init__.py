"""What the user does to an item: copy, open, edit, delete, ingest details.

A feature: imports core and other features' public classes, never the shell.
"""
