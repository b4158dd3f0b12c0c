"""Keeping the window current: auto-refresh, the offline cache, desktop notifications.

A feature: imports core only (and the api layer).
"""
