"""A local FastPix-compatible server: the demo workspace and the peer of end-to-end tests.

It deliberately imports nothing from ``fastpix_viewer.api`` (so it can catch the client's
mistakes) and nothing from Qt or libVLC (so it runs headless and standalone).
Start it in-process with :class:`fastpix_viewer.sandbox.server.SandboxServer` or from the
command line with ``fastpix-viewer-sandbox``.
"""
