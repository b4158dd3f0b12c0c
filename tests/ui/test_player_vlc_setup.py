"""Finding libVLC, instance options, and the platform choice made before QApplication."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fastpix_viewer.ui.playback import vlc_setup
from fastpix_viewer.ui.playback.surface import prefer_xcb_on_wayland


def test_defaults_and_extra_args(monkeypatch):
    monkeypatch.delenv(vlc_setup.ENV_EXTRA_ARGS, raising=False)
    defaults = vlc_setup.default_args("linux")
    for opt in ("--quiet", "--no-xlib", "--no-video-title-show", "--no-osd",
                "--no-keyboard-events", "--no-mouse-events"):
        assert opt in defaults
    assert "--no-xlib" not in vlc_setup.default_args("win32")
    assert vlc_setup.instance_args(None) == vlc_setup.default_args()

    monkeypatch.setenv(vlc_setup.ENV_EXTRA_ARGS, "--vout=dummy  --aout=dummy")
    assert vlc_setup.instance_args(None)[-2:] == ["--vout=dummy", "--aout=dummy"]
    # A command-line --vlc-args replaces the environment's options.
    args = vlc_setup.instance_args('--network-caching 300 --http-user-agent "Fast Pix"')
    assert args[-4:] == ["--network-caching", "300", "--http-user-agent", "Fast Pix"]
    assert "--vout=dummy" not in args


def test_unbalanced_quotes_are_a_clear_error():
    with pytest.raises(vlc_setup.VlcOptionsError, match="Cannot read the libVLC options"):
        vlc_setup.instance_args('--http-user-agent "unterminated')


def test_rejected_option_is_named(monkeypatch):
    monkeypatch.delenv(vlc_setup.ENV_EXTRA_ARGS, raising=False)
    with pytest.raises(vlc_setup.VlcOptionsError) as info:
        vlc_setup.create_instance("--vout=dummy --aout=dummy --no-such-vlc-option --network-caching 300")
    assert info.value.rejected == ["--no-such-vlc-option"]
    assert "--no-such-vlc-option" in str(info.value)
    assert "--vlc-args" in str(info.value)


def test_valid_extra_options_start_an_instance(monkeypatch):
    instance = vlc_setup.create_instance("--vout=dummy --aout=dummy --network-caching 300")
    try:
        assert instance.media_player_new() is not None
    finally:
        instance.release()


def test_panel_with_rejected_option_shows_libvlcs_complaint_on_play(qtbot):
    """The instance is made on the first play (start-up, issue 15): a rejected option is
    named in the video area then, and nothing plays."""
    from fastpix_viewer.ui.playback import PlayerPanel

    vlc_setup.configure("--vout=dummy --aout=dummy --vout-nonsense=1")
    try:
        panel = PlayerPanel()
        qtbot.addWidget(panel)
        panel.play("http://127.0.0.1:9/never.m3u8")
        assert "--vout-nonsense=1" in panel.message()
        assert panel.vlc_player() is None
        assert panel.state() == "idle"
    finally:
        vlc_setup.configure(None)
        vlc_setup.release_shared_instance()


def test_frozen_bundle_points_python_vlc_at_bundled_libvlc(tmp_path, monkeypatch):
    (tmp_path / "libvlc.so.5").write_bytes(b"")
    (tmp_path / "vlc" / "plugins").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    env: dict[str, str] = {}
    vlc_setup.prepare_environment(env)
    assert env == {
        "PYTHON_VLC_LIB_PATH": str(tmp_path / "libvlc.so.5"),
        "PYTHON_VLC_MODULE_PATH": str(tmp_path / "vlc" / "plugins"),
        "VLC_PLUGIN_PATH": str(tmp_path / "vlc" / "plugins"),
    }
    # A packager's or user's explicit setting wins.
    env = {"VLC_PLUGIN_PATH": "/custom/plugins"}
    vlc_setup.prepare_environment(env)
    assert env["VLC_PLUGIN_PATH"] == "/custom/plugins"


def test_not_frozen_leaves_environment_alone(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    env: dict[str, str] = {}
    vlc_setup.prepare_environment(env)
    assert env == {}


def test_missing_libvlc_is_a_clear_error(tmp_path):
    """In a fresh interpreter whose libVLC path points nowhere."""
    code = (
        "from fastpix_viewer.ui.playback.vlc_setup import load_vlc, VlcUnavailableError\n"
        "try:\n    load_vlc()\nexcept VlcUnavailableError as e:\n    print('CLEAR:', e)\n"
    )
    env = {**__import__("os").environ, "PYTHON_VLC_LIB_PATH": str(tmp_path / "nope.so")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("CLEAR: libVLC (VLC 3) was not found")
    assert "apt install libvlc5" in out.stdout and "nope.so" in out.stdout


@pytest.mark.parametrize(
    ("env", "switched"),
    [
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, True),
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),  # no XWayland to fall back to
        ({"DISPLAY": ":0"}, False),  # plain X11
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, False),
    ],
)
def test_prefer_xcb_on_wayland(env, switched, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    env = dict(env)
    explicit = env.get("QT_QPA_PLATFORM")
    assert prefer_xcb_on_wayland(env) is switched
    assert env.get("QT_QPA_PLATFORM") == ("xcb" if switched else explicit)
