"""Private playback IDs need a strictly valid RS256 ``?token=`` on every URL they serve."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time

import httpx
import pytest
import vlc
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from media_picks import seed_media
from sandbox_helpers import sign, signing_pem


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_token(server, playback_id: str, alg: str, secret: bytes | None = None) -> str:
    header = b64url(json.dumps({"alg": alg, "typ": "JWT", "kid": server.signing_key_id}).encode())
    payload = b64url(json.dumps({"aud": f"media:{playback_id}", "exp": int(time.time()) + 300}).encode())
    signing_input = f"{header}.{payload}".encode()
    signature = b64url(hmac.new(secret, signing_input, hashlib.sha256).digest()) if secret else ""
    return f"{header}.{payload}.{signature}"


def public_pem(server) -> bytes:
    private = serialization.load_pem_private_key(signing_pem(server), password=None)
    return private.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo)


@pytest.fixture
def private(sandbox):
    _media, pid = seed_media(sandbox, asset="bars", policy="private")
    return pid


def get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=10)


def assert_refused(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/json;charset=UTF-8"
    assert response.json()["error"]["code"] == 401


REJECTED = {
    "no-token": lambda s, pid: None,
    "garbage": lambda s, pid: "not.a.jwt",
    "unknown-kid": lambda s, pid: sign(s, pid, kid="00000000-0000-4000-8000-000000000000"),
    "wrong-aud": lambda s, pid: sign(s, pid, aud="media:someone-else"),
    "other-media-playback-id": lambda s, pid: sign(s, "0b7f3f9c-1111-4e5e-9a9a-123456789abc"),
    "expired": lambda s, pid: sign(s, pid, exp_in=-30),
    "other-key": lambda s, pid: sign(s, pid, key=rsa.generate_private_key(65537, 2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
    "alg-none": lambda s, pid: unsigned_token(s, pid, "none"),
    "hs256-with-public-key": lambda s, pid: unsigned_token(s, pid, "HS256", public_pem(s)),
}


@pytest.mark.parametrize("kind", list(REJECTED))
def test_rejected_tokens(sandbox, private, kind):
    token = REJECTED[kind](sandbox, private)
    query = f"?token={token}" if token is not None else ""
    assert_refused(get(f"{sandbox.stream_base}/{private}.m3u8{query}"))


def test_a_valid_token_is_carried_into_every_child_uri(sandbox, private):
    token = sign(sandbox, private)
    master = get(f"{sandbox.stream_base}/{private}.m3u8?token={token}")
    assert master.status_code == 200
    children = [line for line in master.text.splitlines() if line and not line.startswith("#")]
    assert children and all(f"token={token}" in c for c in children)
    playlist = get(f"{sandbox.stream_base}/{children[0]}")
    assert playlist.status_code == 200
    segments = [line for line in playlist.text.splitlines() if line and not line.startswith("#")]
    assert segments and all(s.endswith(f"?token={token}") for s in segments)
    base = children[0].split("?")[0].rsplit("/", 1)[0]
    assert get(f"{sandbox.stream_base}/{base}/{segments[0]}").status_code == 200


def test_children_segments_images_and_mp4_are_refused_without_a_token(sandbox, private):
    token = sign(sandbox, private)
    master = get(f"{sandbox.stream_base}/{private}.m3u8?token={token}").text
    child = next(line for line in master.splitlines() if line and not line.startswith("#"))
    child_path = child.split("?")[0]
    segment = re.search(r"^(seg\w+\.ts)", get(f"{sandbox.stream_base}/{child}").text, re.M).group(1)
    segment_path = f"{child_path.rsplit('/', 1)[0]}/{segment}"
    for url in (f"{sandbox.stream_base}/{child_path}", f"{sandbox.stream_base}/{segment_path}",
                f"{sandbox.image_base}/{private}/thumbnail.jpg", f"{sandbox.image_base}/{private}/clip.gif",
                f"{sandbox.stream_base}/{private}/capped-4k.mp4"):
        assert_refused(get(url))
        assert_refused(get(f"{url}?token={sign(sandbox, private, exp_in=-5)}"))
    thumb = get(f"{sandbox.image_base}/{private}/thumbnail.jpg?token={token}")
    assert thumb.status_code == 200 and thumb.content.startswith(b"\xff\xd8")


def test_one_media_with_public_and_private_ids(sandbox):
    media = next(m for m in sandbox.workspace.page_media(50, 1).items
                 if {p.access_policy for p in m.playback_ids} == {"public", "private"})
    public, private = (p.id for p in media.playback_ids)
    assert get(f"{sandbox.stream_base}/{public}.m3u8").status_code == 200
    assert_refused(get(f"{sandbox.stream_base}/{private}.m3u8"))
    # A token is bound to one playback ID: the public ID's token does not open the private one.
    assert_refused(get(f"{sandbox.stream_base}/{private}.m3u8?token={sign(sandbox, public)}"))
    assert get(f"{sandbox.stream_base}/{private}.m3u8?token={sign(sandbox, private)}").status_code == 200


def test_libvlc_plays_a_signed_private_recording(sandbox, private):
    instance = vlc.Instance("--vout=dummy", "--aout=dummy", "--quiet")
    player = instance.media_player_new()
    player.set_media(instance.media_new(f"{sandbox.stream_base}/{private}.m3u8?token={sign(sandbox, private)}"))
    player.play()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and player.get_time() < 1500:
        time.sleep(0.1)
    reached = player.get_time()
    player.stop()
    player.release()
    instance.release()
    assert reached >= 1500, f"libVLC stopped at {reached} ms"  # the loop waits for >= 1500
