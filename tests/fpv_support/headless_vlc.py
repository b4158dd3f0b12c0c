"""The app-wide libVLC instance with dummy audio/video outputs (no X, no sound card)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

HEADLESS_VLC_ARGS = "--vout=dummy --aout=dummy"


def headless_vlc_fixture(*, autouse: bool, forget_args: bool = False) -> Callable[..., Iterator[None]]:
    """A `headless_vlc` fixture: configure libVLC headless, release the shared instance after.

    Assign the result to a module-level name `headless_vlc` in a conftest. `forget_args` also
    clears the configured arguments afterwards, for folders whose later tests configure their own.
    """

    @pytest.fixture(autouse=autouse, name="headless_vlc")
    def headless_vlc() -> Iterator[None]:
        # Imported here so collecting a folder does not load libVLC.
        from fastpix_viewer.ui.playback import vlc_setup

        vlc_setup.configure(HEADLESS_VLC_ARGS)
        yield
        vlc_setup.release_shared_instance()
        if forget_args:
            vlc_setup.configure(None)

    return headless_vlc
