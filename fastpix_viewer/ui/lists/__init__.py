"""The record lists: columns, table model, filter, status badges, thumbnails, the list pane.

A feature: imports core only (and the api layer).
"""
