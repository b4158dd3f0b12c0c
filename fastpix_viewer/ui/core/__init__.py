"""What every feature shares: the worker pool, the session, settings, paths, the
error banner, plain text helpers.

Imports no feature package and no shell.
"""
