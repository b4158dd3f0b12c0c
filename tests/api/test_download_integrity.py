"""A saved download is the media, whole, or it is not saved (issue 13, items 1, 3, 4, 5).

The sandbox's stream host serves real MP4s; a small hostile server on 127.0.0.1 serves what
the sandbox cannot: a file that changes between runs, bodies that end early without a length,
malformed 206s, web pages with status 200, slow bodies to race against."""

from __future__ import annotations

import os
import re
import threading

import httpx
import pytest
from fpv_support.hostile_http import Request, answer, hostile_http  # noqa: F401  (fixture by name)
from sandbox_picks import downloadable_mp4

from fastpix_viewer.api.cancel import CancelToken
from fastpix_viewer.api.download import download_url, download_url_for, part_path, source_path
from fastpix_viewer.api.errors import Cancelled, FastPixError, InputError
from fastpix_viewer.api.models import Media


def fake_mp4(size: int, fill: bytes) -> bytes:
    """A structurally whole MP4: an ftyp box and an mdat box that ends exactly at `size`."""
    ftyp = (24).to_bytes(4, "big") + b"ftypisom" + b"\0\0\2\0" + b"isomiso2"
    mdat_size = size - len(ftyp)
    return ftyp + mdat_size.to_bytes(4, "big") + b"mdat" + (fill * mdat_size)[: mdat_size - 8]


def ranged_file(state: dict) -> callable:
    """Serves state["body"] with ETag state["etag"]; honours Range, and If-Range like a real host
    (a mismatching validator gets the whole file with 200)."""

    def handle(request: Request) -> bytes:
        body, etag = state["body"], state["etag"]
        headers = {"Content-Type": "video/mp4", "ETag": etag, "Accept-Ranges": "bytes"}
        wanted = re.match(r"bytes=(\d+)-$", request.headers.get("range", ""))
        if_range = request.headers.get("if-range")
        if wanted and (if_range is None or if_range == etag):
            start = int(wanted.group(1))
            headers["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
            return answer(206, body[start:], headers)
        return answer(200, body, headers)

    return handle


def interrupt_after_first_chunk(transport, url, target) -> None:
    cancel = CancelToken()

    def stop(done: int, total: int | None) -> None:
        if done > 0:
            cancel.cancel()

    with pytest.raises(Cancelled):
        download_url(transport, url, target, progress=stop, cancel=cancel)


def test_a_part_of_another_media_is_not_resumed_into_this_one(client, tmp_path):
    urls = [download_url_for(client, m)[0] for m in client.all_media() if isinstance(m, Media) and downloadable_mp4(m)]
    url_a, bytes_a = urls[0], httpx.get(urls[0]).content
    url_b, bytes_b = next((u, b) for u in urls[1:] if (b := httpx.get(u).content) != bytes_a)
    target = tmp_path / "same-name.mp4"
    interrupt_after_first_chunk(client.transport, url_a, target)
    assert part_path(target).stat().st_size > 0

    download_url(client.transport, url_b, target)
    assert target.read_bytes() == bytes_b
    assert not part_path(target).exists() and not source_path(target).exists()


def test_a_part_whose_file_changed_on_the_host_starts_over(client, tmp_path, hostile_http):  # noqa: F811
    state = {"body": fake_mp4(300_000, b"1"), "etag": '"v1"'}
    hostile_http.routes["/pid/capped-4k.mp4"] = ranged_file(state)
    url = f"{hostile_http.base}/pid/capped-4k.mp4"
    target = tmp_path / "v.mp4"
    interrupt_after_first_chunk(client.transport, url, target)
    state.update(body=fake_mp4(300_000, b"2"), etag='"v2"')  # same length, other bytes

    download_url(client.transport, url, target)
    assert target.read_bytes() == state["body"]
    assert hostile_http.seen[-1].headers.get("if-range") == '"v1"'


def test_a_part_without_a_record_of_its_source_is_not_trusted(client, tmp_path, hostile_http):  # noqa: F811
    state = {"body": fake_mp4(200_000, b"3"), "etag": '"v3"'}
    hostile_http.routes["/pid/capped-4k.mp4"] = ranged_file(state)
    target = tmp_path / "v.mp4"
    part_path(target).write_bytes(fake_mp4(200_000, b"X")[:50_000])  # left by something else
    download_url(client.transport, f"{hostile_http.base}/pid/capped-4k.mp4", target)
    assert target.read_bytes() == state["body"]


def test_two_downloads_to_one_destination_do_not_both_write(client, tmp_path, hostile_http):  # noqa: F811
    body = fake_mp4(400_000, b"s")
    head = answer(200, b"", {"Content-Type": "video/mp4"}, length=False).replace(
        b"Connection: close", f"Content-Length: {len(body)}\r\nConnection: close".encode())

    def slow(_request: Request):
        yield head
        for start in range(0, len(body), 50_000):
            yield body[start:start + 50_000]
            yield 0.1

    hostile_http.routes["/pid/capped-4k.mp4"] = slow
    url = f"{hostile_http.base}/pid/capped-4k.mp4"
    target = tmp_path / "race.mp4"
    started = threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        try:
            results["first"] = download_url(client.transport, url, target, progress=lambda d, t: started.set())
        except Exception as problem:  # reported by the assertion below
            results["first"] = problem

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(10)
    with pytest.raises(InputError) as caught:
        download_url(client.transport, url, target)
    thread.join(20)
    assert "being downloaded" in caught.value.user_message
    assert results["first"] == target and target.read_bytes() == body


def test_a_part_locked_by_another_process_is_left_alone(client, tmp_path, hostile_http):  # noqa: F811
    import subprocess
    import sys

    body = fake_mp4(100_000, b"p")
    hostile_http.routes["/pid/capped-4k.mp4"] = lambda r: answer(200, body, {"Content-Type": "video/mp4"})
    target = tmp_path / "other.mp4"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from fastpix_viewer.api.part_file import open_part;"
         "h, _ = open_part(Path(sys.argv[1]), Path(sys.argv[2])); print('locked', flush=True); sys.stdin.read()",
         str(part_path(target)), str(target)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(InputError, match="being downloaded"):
            download_url(client.transport, f"{hostile_http.base}/pid/capped-4k.mp4", target)
    finally:
        holder.stdin.close()
        holder.wait(10)
    assert not target.exists()


def _no_length(body: bytes, content_type: str = "video/mp4") -> bytes:
    return answer(200, body, {"Content-Type": content_type}, length=False)


@pytest.mark.parametrize("case", ["short-no-length", "html-200", "json-200", "not-mp4-octets"])
def test_what_is_not_the_whole_media_never_gets_the_final_name(client, tmp_path, hostile_http, case):  # noqa: F811
    whole = fake_mp4(200_000, b"m")
    raw = {
        "short-no-length": _no_length(whole[:120_000]),
        "html-200": answer(200, b"<!DOCTYPE html><html><body>Sign in</body></html>", {"Content-Type": "text/html"}),
        "json-200": answer(200, b'{"success":false,"error":{"code":403}}', {"Content-Type": "application/json"}),
        "not-mp4-octets": _no_length(b"<html>" + b"x" * 5000, "application/octet-stream"),
    }[case]
    hostile_http.routes["/pid/capped-4k.mp4"] = lambda r: raw
    target = tmp_path / "media.mp4"
    with pytest.raises(FastPixError) as caught:
        download_url(client.transport, f"{hostile_http.base}/pid/capped-4k.mp4", target)
    assert not target.exists()
    message = caught.value.user_message
    if case == "short-no-length":
        assert "stopped early" in message and str(part_path(target)) in message
        assert part_path(target).read_bytes() == whole[:120_000]  # kept, to resume
    elif case == "not-mp4-octets":
        assert "not an MP4" in message
    else:
        assert "web page" in message and not part_path(target).exists()


def test_a_206_without_a_usable_range_keeps_the_part(client, tmp_path, hostile_http):  # noqa: F811
    body = fake_mp4(200_000, b"r")
    state = {"body": body, "etag": '"r1"'}
    hostile_http.routes["/pid/capped-4k.mp4"] = ranged_file(state)
    url = f"{hostile_http.base}/pid/capped-4k.mp4"
    target = tmp_path / "r.mp4"
    interrupt_after_first_chunk(client.transport, url, target)
    kept = part_path(target).read_bytes()
    hostile_http.routes["/pid/capped-4k.mp4"] = lambda r: answer(
        206, body[len(kept):], {"Content-Type": "video/mp4", "Content-Range": f"bytes */{len(body)}"})
    with pytest.raises(FastPixError, match="wrong place"):
        download_url(client.transport, url, target)
    assert not target.exists() and part_path(target).read_bytes() == kept


def test_a_part_that_is_a_link_is_not_followed(client, tmp_path, hostile_http):  # noqa: F811
    hostile_http.routes["/pid/capped-4k.mp4"] = lambda r: answer(200, fake_mp4(50_000, b"l"), {"Content-Type": "video/mp4"})
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    target = tmp_path / "link.mp4"
    os.symlink(victim, part_path(target))
    with pytest.raises(InputError, match="link or a special file"):
        download_url(client.transport, f"{hostile_http.base}/pid/capped-4k.mp4", target)
    assert victim.read_bytes() == b"precious" and not target.exists()
    assert part_path(target).is_symlink()


def test_a_part_that_is_a_fifo_is_refused(client, tmp_path, hostile_http):  # noqa: F811
    hostile_http.routes["/pid/capped-4k.mp4"] = lambda r: answer(200, fake_mp4(50_000, b"f"), {"Content-Type": "video/mp4"})
    target = tmp_path / "fifo.mp4"
    os.mkfifo(part_path(target))
    with pytest.raises(InputError, match="link or a special file"):
        download_url(client.transport, f"{hostile_http.base}/pid/capped-4k.mp4", target)
    assert not target.exists()
