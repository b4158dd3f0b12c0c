"""Reusable widgets built on `fastpix_viewer.ui.models`: the record list pane and
the details tree."""
