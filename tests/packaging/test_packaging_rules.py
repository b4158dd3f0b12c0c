"""The bundle rules of packaging/pyinstaller/bundle_tools.py on paths of all three OSes.

The Windows and macOS bundles are only built in CI; these checks make sure the same
rules pick the same plugins and prune the same Qt parts there as on Linux."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fpv_dist import ROOT

sys.path.insert(0, str(ROOT / "packaging" / "pyinstaller"))
import bundle_tools


def test_plugin_names_are_read_alike_on_every_os():
    for name in ("libhttps_plugin.so", "libhttps_plugin.dll", "libhttps_plugin.dylib"):
        assert bundle_tools.plugin_name(Path("access") / name) == "https"


def test_playback_plugins_ship_and_unused_ones_do_not():
    wanted = bundle_tools.plugin_wanted
    for kept in ("access/libhttps_plugin.so", "demux/libadaptive_plugin.dll", "libavcodec_plugin.dylib",
                 "video_output/libxcb_x11_plugin.so", "video_output/libdirect3d11_plugin.dll",
                 "libcaopengllayer_plugin.dylib", "audio_output/libmmdevice_plugin.dll"):
        assert wanted(Path(kept)), kept
    for dropped in ("gui/libqt_plugin.so", "lua/liblua_plugin.so", "codec/libx264_plugin.dll",
                    "libmacosx_plugin.dylib", "access/libv4l2_plugin.so", "stream_out/libstream_out_chromecast_plugin.dll",
                    "video_output/libwl_shm_plugin.so"):
        assert not wanted(Path(dropped)), dropped


def test_qt_pruning_on_linux_windows_and_macos_paths():
    pruned = bundle_tools.pruned
    for dropped in ("PySide6/Qt/plugins/platforms/libqwayland-egl.so",
                    "PySide6/plugins/platforms/qminimal.dll",
                    "PySide6\\plugins\\tls\\qschannelbackend.dll",
                    "PySide6/opengl32sw.dll", "PySide6/Qt6Network.dll",
                    "PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork",
                    "PySide6/Qt/plugins/platformthemes/libqgtk3.so"):
        assert pruned(dropped), dropped
    for kept in ("PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/plugins/platforms/qwindows.dll",
                 "PySide6/Qt/plugins/platforms/libqcocoa.dylib", "PySide6/plugins/platforms/qoffscreen.dll",
                 "PySide6/Qt6Widgets.dll", "PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui",
                 "PySide6/Qt/plugins/imageformats/libqjpeg.so"):
        assert not pruned(kept), kept


@pytest.mark.parametrize(("platform", "library_name"), [
    ("linux", "libvlc.so.5"), ("win32", "libvlc.dll"), ("darwin", "libvlc.dylib")])
def test_the_runtime_hook_finds_libvlc_where_build_spec_puts_it(tmp_path, monkeypatch, platform, library_name):
    """A fake frozen layout made from bundle_tools' destinations: the code the runtime
    hook runs (vlc_setup.prepare_environment) must point python-vlc right at it."""
    from fastpix_viewer.ui.playback import vlc_setup

    library = tmp_path / library_name  # bundle_tools.libvlc_binaries puts libVLC at "."
    library.write_bytes(b"")
    plugins = tmp_path / bundle_tools.PLUGIN_DEST
    plugins.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    env: dict[str, str] = {}
    vlc_setup.prepare_environment(env)
    assert env == {"PYTHON_VLC_LIB_PATH": str(library), "PYTHON_VLC_MODULE_PATH": str(plugins),
                   "VLC_PLUGIN_PATH": str(plugins)}
    hook = (ROOT / "packaging" / "pyinstaller" / "rthook_vlc.py").read_text(encoding="utf-8")
    assert "prepare_environment()" in hook
