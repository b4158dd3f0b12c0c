"""The PySide6 desktop app: main window, lists, trees and the embedded libVLC player.

Only this package imports PySide6 and python-vlc; `fastpix_viewer.api` and
`fastpix_viewer.sandbox` stay free of Qt so they can be tested and reused headless.
"""
