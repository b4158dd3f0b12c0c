"""`fastpix-viewer download`: the file, resume of a `.part`, and Ctrl-C leaving a resumable `.part`."""

from __future__ import annotations

import httpx
import pytest

import fastpix_viewer.cli.output as output


def downloadable(sandbox) -> tuple[dict, bytes]:
    response = httpx.get(f"{sandbox.api_base}/on-demand", params={"limit": 50}, auth=(sandbox.token_id, sandbox.secret_key))
    for media in response.json()["data"]:
        public = [p["id"] for p in media["playbackIds"] if p["accessPolicy"] == "public"]
        support = media.get("mp4Support") or []
        if media["status"] == "Ready" and public and not media.get("isAudioOnly") and any(
                r.get("type") == "capped_4k" and r.get("status") == "ready" for r in support):
            return media, httpx.get(f"{sandbox.stream_base}/{public[0]}/capped-4k.mp4").content
    raise LookupError("no downloadable media in the seed")


def test_download_to_a_file(cli, sandbox, sandbox_env, tmp_path):
    media, expected = downloadable(sandbox)
    target = tmp_path / "out.mp4"
    result = cli("download", media["id"], "-o", str(target))
    assert result.code == 0 and result.out.strip() == str(target)
    assert target.read_bytes() == expected


def test_download_default_name_and_json(cli, sandbox, sandbox_env, tmp_path, monkeypatch):
    media, expected = downloadable(sandbox)
    monkeypatch.chdir(tmp_path)
    result = cli("download", media["id"], "--json")
    assert result.code == 0
    import json

    described = json.loads(result.out)
    assert described["bytes"] == len(expected) and described["mediaId"] == media["id"]
    assert described["path"].endswith(".mp4") and (tmp_path / described["path"].rsplit("/", 1)[-1]).exists()


def test_ctrl_c_leaves_a_part_and_the_rerun_resumes_byte_identical(cli, sandbox, sandbox_env, tmp_path, monkeypatch):
    media, expected = downloadable(sandbox)
    target = tmp_path / "video.mp4"
    calls = {"n": 0}
    original = output.ProgressBar.__call__

    def interrupt_after_some(self, done, total):
        calls["n"] += 1
        if done >= 100_000:
            raise KeyboardInterrupt  # what Ctrl-C does to the main thread mid-download
        return original(self, done, total)

    monkeypatch.setattr(output.ProgressBar, "__call__", interrupt_after_some)
    interrupted = cli("download", media["id"], "-o", str(target))
    assert interrupted.code == 130
    line = interrupted.error_line
    assert "partial download" in line and "is kept as" in line and "video.mp4.part" in line and "resume" in line
    part = tmp_path / "video.mp4.part"
    kept = part.stat().st_size
    assert 100_000 <= kept < len(expected) and not target.exists()

    monkeypatch.setattr(output.ProgressBar, "__call__", original)
    resumed = cli("download", media["id"], "-o", str(target))
    assert resumed.code == 0
    assert target.read_bytes() == expected
    assert not part.exists()


def test_resume_does_not_fetch_the_kept_bytes_again(cli, sandbox, sandbox_env, tmp_path, monkeypatch):
    media, expected = downloadable(sandbox)
    target = tmp_path / "marked.mp4"
    original = output.ProgressBar.__call__

    def interrupt(self, done, total):
        if done >= 50_000:
            raise KeyboardInterrupt
        return original(self, done, total)

    monkeypatch.setattr(output.ProgressBar, "__call__", interrupt)
    assert cli("download", media["id"], "-o", str(target)).code == 130
    monkeypatch.setattr(output.ProgressBar, "__call__", original)
    # Mark the kept bytes (inside the ftyp box's brand, so the file stays a valid MP4):
    # a ranged resume keeps the mark, a full re-download would not.
    part = tmp_path / "marked.mp4.part"
    with open(part, "r+b") as handle:
        handle.seek(8)
        handle.write(b"MARK")
    assert cli("download", media["id"], "-o", str(target)).code == 0
    final = target.read_bytes()
    assert final[8:12] == b"MARK" and final[:8] == expected[:8] and final[12:] == expected[12:]


@pytest.mark.parametrize("case", ["no-mp4", "unknown"])
def test_download_failures(cli, sandbox, sandbox_env, tmp_path, case):
    if case == "unknown":
        result = cli("download", "00000000-0000-4000-8000-000000000000", "-o", str(tmp_path / "x.mp4"))
        assert result.code == 4
    else:
        response = httpx.get(f"{sandbox.api_base}/on-demand", params={"limit": 50}, auth=(sandbox.token_id, sandbox.secret_key))
        media = next(m for m in response.json()["data"]
                     if m["status"] == "Ready" and not m.get("mp4Support") and m["playbackIds"][0]["accessPolicy"] == "public")
        result = cli("download", media["id"], "-o", str(tmp_path / "x.mp4"))
        assert result.code == 1 and "MP4 downloads are not enabled" in result.error_line
    assert list(tmp_path.glob("x.mp4*")) == []


def test_download_of_a_stream_takes_its_latest_recording(cli, sandbox, sandbox_env, tmp_path):
    streams = httpx.get(f"{sandbox.api_base}/live/streams", params={"limit": 50},
                        auth=(sandbox.token_id, sandbox.secret_key)).json()["data"]
    for stream in streams:
        if not stream.get("mediaIds"):
            continue
        latest = httpx.get(f"{sandbox.api_base}/on-demand/{stream['mediaIds'][-1]}",
                           auth=(sandbox.token_id, sandbox.secret_key)).json()["data"]
        if latest.get("mp4Support") and latest["status"] == "Ready":
            result = cli("download", stream["streamId"], "-o", str(tmp_path / "rec.mp4"))
            assert result.code == 0 and (tmp_path / "rec.mp4").stat().st_size > 0
            return
    raise LookupError("no stream whose latest recording has an MP4")


def test_an_existing_file_is_not_replaced_without_overwrite(cli, sandbox, sandbox_env, tmp_path):
    media, expected = downloadable(sandbox)
    target = tmp_path / "mine.mp4"
    target.write_bytes(b"my own file")
    refused = cli("download", media["id"], "-o", str(target))
    assert refused.code == 2 and "already exists" in refused.error_line and "--overwrite" in refused.error_line
    assert target.read_bytes() == b"my own file" and not (tmp_path / "mine.mp4.part").exists()
    replaced = cli("download", media["id"], "-o", str(target), "--overwrite")
    assert replaced.code == 0 and target.read_bytes() == expected


def test_default_names_never_replace_a_file(cli, sandbox, sandbox_env, tmp_path, monkeypatch):
    media, expected = downloadable(sandbox)
    monkeypatch.chdir(tmp_path)
    first = cli("download", media["id"])
    assert first.code == 0
    taken = tmp_path / first.out.strip().rsplit("/", 1)[-1]
    taken.write_bytes(b"another media with the same title")
    second = cli("download", media["id"])
    assert second.code == 0
    saved = tmp_path / second.out.strip().rsplit("/", 1)[-1]
    assert saved != taken and saved.name == f"{taken.stem} (2).mp4"
    assert taken.read_bytes() == b"another media with the same title" and saved.read_bytes() == expected


def test_ctrl_c_before_the_first_byte_says_nothing_was_kept(cli, sandbox, sandbox_env, tmp_path, monkeypatch):
    media, _ = downloadable(sandbox)

    def interrupt_at_once(self, done, total):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.ProgressBar, "__call__", interrupt_at_once)
    result = cli("download", media["id"], "-o", str(tmp_path / "early.mp4"))
    assert result.code == 130
    assert "nothing was kept" in result.error_line and "kept as" not in result.error_line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["parse", "import"])
def test_ctrl_c_in_the_first_moments_is_one_line_and_exit_130(where, capsys, monkeypatch):
    import fastpix_viewer.__main__ as entry
    import fastpix_viewer.cli as cli_package
    import fastpix_viewer.cli.runner as runner

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    if where == "parse":
        monkeypatch.setattr(runner, "parse", interrupted)
    else:
        monkeypatch.setattr(cli_package, "main", interrupted)
    code = entry.main(["streams"])
    err = capsys.readouterr().err
    assert code == 130 and "Traceback" not in err
    assert err.strip().splitlines() == ["fastpix-viewer: Interrupted."]
