"""Start-up and the app around the window: entry point, crash hooks, logs, About,
diagnostics, the smoke test and the pre-QApplication display checks.

Top layer: may import every other package of the UI.
"""
