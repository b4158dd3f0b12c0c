"""FastPix Recording Browser: browse FastPix live streams and recordings, and play them."""

# The one place the version is written: pyproject.toml reads it from here
# (`dynamic = ["version"]`), and a constant costs nothing at start-up, unlike
# importlib.metadata, which scans every installed distribution (~45 ms).
__version__ = "0.1.0"
