"""The record lists: columns, table model (and table_rows: per-row work, sort rules), filter,
status badges, thumbnails, the list pane.

A feature: imports core only (and the api layer).
"""
