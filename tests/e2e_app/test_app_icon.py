"""The window icon comes from resources/icons (the same folder the installers ship)."""

from __future__ import annotations

from fastpix_viewer.ui.app.launch import _app_icon


def test_the_app_icon_loads_in_several_sizes(qapp):
    icon = _app_icon()
    assert icon is not None and not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 256} <= sizes
