"""MP4/M4A downloads from the sandbox's stream host: complete, interrupted, resumed."""

from __future__ import annotations

import httpx
import pytest
from sandbox_picks import downloadable_mp4, pick_media, public_ready

from fastpix_viewer.api.cancel import CancelToken
from fastpix_viewer.api.download import download_url, download_url_for, part_path, safe_filename
from fastpix_viewer.api.errors import Cancelled, PlaybackError, PlaybackNotFound
from fastpix_viewer.api.models import Media


def reference_bytes(client, media: Media) -> bytes:
    url, _ = download_url_for(client, media)
    return httpx.get(url).content


def test_download_writes_the_whole_file_with_progress(client, tmp_path):
    media = pick_media(client, downloadable_mp4)
    seen: list[tuple[int, int | None]] = []
    path = client.download(media, tmp_path / "out.mp4", progress=lambda done, total: seen.append((done, total)))
    expected = reference_bytes(client, media)
    assert path.read_bytes() == expected and len(expected) > 100_000
    assert seen[-1] == (len(expected), len(expected))
    assert not part_path(path).exists()


def test_cancelled_download_leaves_a_part_that_resumes_byte_identical(client, tmp_path):
    media = pick_media(client, downloadable_mp4)
    target = tmp_path / "video.mp4"
    cancel = CancelToken()

    def stop_after_some(done: int, total: int | None) -> None:
        if done >= 64 * 1024:
            cancel.cancel()

    with pytest.raises(Cancelled):
        client.download(media, target, progress=stop_after_some, cancel=cancel)
    part = part_path(target)
    assert part.exists() and not target.exists()
    kept = part.stat().st_size
    expected = reference_bytes(client, media)
    assert 0 < kept < len(expected)

    starts: list[int] = []
    client.download(media, target, progress=lambda done, total: starts.append(done))
    assert starts[0] == kept  # resumed from the .part, not from zero
    assert target.read_bytes() == expected
    assert not part.exists()


def test_a_complete_part_file_is_finished_without_downloading_again(client, tmp_path):
    media = pick_media(client, downloadable_mp4)
    expected = reference_bytes(client, media)
    target = tmp_path / "done.mp4"
    part_path(target).write_bytes(expected)
    client.download(media, target)
    assert target.read_bytes() == expected


def test_audio_only_media_downloads_the_m4a(client, tmp_path):
    media = pick_media(client, lambda m: m.is_audio_only and m.is_ready)
    path = client.download(media, directory=tmp_path)
    assert path.suffix == ".m4a" and path.parent == tmp_path
    assert path.read_bytes()[4:8] == b"ftyp"


def test_media_without_mp4_support_says_so(client, tmp_path):
    media = pick_media(client, lambda m: public_ready(m) and not m.mp4_renditions)
    with pytest.raises(PlaybackError) as caught:
        client.download(media, tmp_path / "x.mp4")
    assert "MP4 downloads are not enabled" in caught.value.user_message
    assert not list(tmp_path.iterdir())


def test_unknown_file_on_the_stream_host_is_a_typed_error(client, tmp_path):
    url = f"{client.endpoints.stream_base}/00000000-0000-4000-8000-000000000000/capped-4k.mp4"
    with pytest.raises(PlaybackNotFound):
        download_url(client.transport, url, tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Keynote", "Keynote.mp4"), ("../../etc/passwd", "_.._etc_passwd.mp4"), ("a/b\\c", "a_b_c.mp4"),
     ("\u202egpj.exe", "_gpj.exe.mp4"), ("", "fallback.mp4"), ("日本語のタイトル", "日本語のタイトル.mp4")],
)
def test_safe_filenames(title, expected):
    assert safe_filename(title, "fallback", "mp4") == expected
