"""One name per item everywhere (issue 16 item 9): an untitled recording is called
"<stream's name> — <local start date and time>" in its list row, the window title, the
details header, the player, the delete confirmation, the app's download file name, and by
the command line's `show`, `media` and `download`; recordings of one stream never share a
name. The expected names are worked out here from the sandbox's JSON, not by the app's rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fpv_support.keyring_fixture import memory_keyring  # noqa: F401  (a fixture, found by name)
from PySide6.QtWidgets import QPushButton
from test_downloads_e2e import _window_in

from fastpix_viewer.cli import main as cli_main
from fastpix_viewer.ui.downloads.manager import DONE
from fastpix_viewer.ui.shell.main_window import APP_TITLE


def _local(created: str, clock: str) -> str:
    moment = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    return moment.astimezone().strftime(f"%Y-%m-%d {clock}")


def _town_hall_recordings(sb) -> tuple[dict, list[dict]]:
    stream = next(s for s in sb.streams() if (s.get("metadata") or {}).get("livestream_name") == "Weekly town hall")
    by_id = {m["id"]: m for m in sb.media()}
    recordings = [by_id[i] for i in stream["mediaIds"] if i in by_id and not by_id[i].get("title")]
    assert len(recordings) >= 2  # the seed's weekly recordings: untitled, as FastPix makes them
    return stream, recordings


def _with_mp4(recordings: list[dict]) -> dict:
    return next(m for m in recordings if any(r.get("type") == "capped_4k" and r.get("status") == "ready"
                                             for r in m.get("mp4Support") or []))


@pytest.fixture
def cli_env(sandbox, monkeypatch, tmp_path, memory_keyring):  # noqa: F811
    for name, value in (("FASTPIX_API_BASE", sandbox.api_base), ("FASTPIX_STREAM_BASE", sandbox.stream_base),
                        ("FASTPIX_IMAGE_BASE", sandbox.image_base), ("FASTPIX_TOKEN_ID", sandbox.token_id),
                        ("FASTPIX_SECRET_KEY", sandbox.secret_key),
                        ("FASTPIX_VIEWER_CONFIG_DIR", str(tmp_path / "cli-config"))):
        monkeypatch.setenv(name, value)
    for name in ("FASTPIX_SIGNING_KEY_ID", "FASTPIX_SIGNING_KEY"):
        monkeypatch.delenv(name, raising=False)


def _cli(capsys, *args: str) -> str:
    capsys.readouterr()
    assert cli_main(list(args)) == 0
    return capsys.readouterr().out


def test_an_untitled_recording_has_one_dated_name_everywhere(app, sb, sandbox, qtbot, tmp_path, capsys, cli_env):
    _stream, recordings = _town_hall_recordings(sb)
    chosen = _with_mp4(recordings)
    expected = f"Weekly town hall — {_local(chosen['createdAt'], '%H:%M')}"
    file_name = f"Weekly town hall — {_local(chosen['createdAt'], '%H.%M')}.mp4"
    window = _window_in(app, tmp_path / "dl", chosen["id"])

    # The Media list's row, the window title and the details header.
    proxy = window.media_pane.proxy
    assert proxy.index(proxy.row_for_id(chosen["id"]), 0).data() == expected
    assert window.windowTitle() == f"{expected} — {APP_TITLE}"
    assert window.thumbnail_preview.title_label.text() == expected

    # The delete confirmation (cancelled: nothing is deleted).
    box = window.item_actions.delete_media()
    assert expected in box.text()
    box.findChild(QPushButton, "cancelDeleteButton").click()

    # The app's download: the same name, written the way a file name can hold it.
    window.downloads.mp4_action.trigger()
    task = window.downloads.manager.tasks[0]
    qtbot.waitUntil(lambda: task.state == DONE, timeout=20000)
    assert task.destination.name == file_name

    # The player's title.
    window.play_item(window.current_item())
    qtbot.waitUntil(lambda: window.player.title_label.text() == expected, timeout=15000)

    # The command line: `show` and `media` say the same name, `download` picks the same file name.
    shown = _cli(capsys, "show", chosen["id"])
    assert f"Name:           {expected}" in shown.splitlines()
    listed = _cli(capsys, "media")
    assert any(line.startswith(chosen["id"]) and line.rstrip().endswith(expected) for line in listed.splitlines())
    cli_dir = tmp_path / "cli-downloads"
    cli_dir.mkdir()
    saved = Path(_cli(capsys, "download", chosen["id"], "-o", str(cli_dir)).strip())
    assert saved.name == file_name and saved.read_bytes() == task.destination.read_bytes()


def test_recordings_of_one_stream_never_share_a_name(app, sb, qtbot, tmp_path):
    _stream, recordings = _town_hall_recordings(sb)
    window = _window_in(app, tmp_path / "dl", recordings[0]["id"])
    proxy = window.media_pane.proxy
    names = [proxy.index(proxy.row_for_id(m["id"]), 0).data() for m in recordings]
    assert len(set(names)) == len(recordings)
    assert all(name.startswith("Weekly town hall — ") for name in names)
