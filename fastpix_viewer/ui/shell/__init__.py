"""The main window frame: layout, selection, list loading, window state, keyboard.

Imports features and core; features never import the shell.
"""
