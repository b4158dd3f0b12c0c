"""Downloading a media's MP4 or audio file and the downloads panel.

A feature: imports core only (and the api layer).
"""
