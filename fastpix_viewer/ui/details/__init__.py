"""The details pane: the JSON tree of every field, the tracks tree, the details view.

A feature: imports core only (and the api layer).
"""
