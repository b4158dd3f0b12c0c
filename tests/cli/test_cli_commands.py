"""`fastpix-viewer` sub-commands against the sandbox: output, exact JSON, failures as one line."""

from __future__ import annotations

import json

import httpx
import jwt

SECRET_FIELDS = {"streamKey", "srtSecret", "srtPlaybackSecret"}


def masked(value):
    """The sandbox's JSON with push credentials masked, as the CLI prints it."""
    if isinstance(value, dict):
        return {k: ("<redacted>" if k in SECRET_FIELDS and v else masked(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def api(sandbox, path: str, **params):
    response = httpx.get(f"{sandbox.api_base}/{path}", params=params, auth=(sandbox.token_id, sandbox.secret_key))
    response.raise_for_status()
    return response.json()


def all_media(sandbox) -> list[dict]:
    return api(sandbox, "on-demand", limit=50)["data"]


def find(sandbox, predicate) -> dict:
    return next(m for m in all_media(sandbox) if predicate(m))


def pids(item: dict, policy: str) -> list[str]:
    return [p["id"] for p in item.get("playbackIds", []) if p["accessPolicy"] == policy]


def test_streams_text_and_exact_json(cli, sandbox, sandbox_env):
    expected = api(sandbox, "live/streams", limit=50)["data"]
    text = cli("streams")
    assert text.code == 0 and text.err == ""
    for stream in expected:
        assert stream["streamId"] in text.out
    as_json = cli("streams", "--json")
    assert as_json.code == 0
    assert json.loads(as_json.out) == masked(expected)
    assert "streamKey" not in text.out and all(s["streamKey"] not in as_json.out for s in expected if s.get("streamKey"))


def test_media_and_recordings(cli, sandbox, sandbox_env, recording_mode):
    """A recording is a media some stream lists in mediaIds, whether or not it carries streamId."""
    everything = all_media(sandbox)
    listed = json.loads(cli("--json", "media").out)
    assert listed == masked(everything)
    in_media_ids = {mid for s in api(sandbox, "live/streams", limit=50)["data"] for mid in s.get("mediaIds", [])}
    recordings = json.loads(cli("media", "--recordings", "--json").out)
    assert recordings == [m for m in everything if m["id"] in in_media_ids]
    # Recordings without streamId (the docs' example, and all of them in "never") are among them.
    assert any("streamId" not in m for m in recordings)
    text = cli("media", "--recordings").out.splitlines()
    assert len(text) == len(recordings) + 1  # header + one line each
    kinds = {line.split()[0]: line for line in cli("media").out.splitlines()[1:]}
    live_clip = next(m for m in everything if m.get("streamId") and "sourceMediaId" not in m
                     and m["id"] not in in_media_ids)
    assert "live clip" in kinds[live_clip["id"]] and "recording" not in kinds[live_clip["id"]]


def test_show_names_a_recordings_stream_without_streamid(cli, sandbox, sandbox_env, recording_mode):
    streams = api(sandbox, "live/streams", limit=50)["data"]
    archive = next(s for s in streams if s.get("metadata", {}).get("livestream_name") == "Record-and-archive demo")
    docs_example = archive["mediaIds"][0]
    shown = cli("show", docs_example)
    assert shown.code == 0
    assert "Kind:           recording" in shown.out
    assert f"Stream:         {archive['streamId']} (Record-and-archive demo)" in shown.out
    assert "Frame rate:     30/1" in shown.out and "Aspect ratio:   16:9" in shown.out
    assert "Subtitles:      yes" in shown.out


def test_unknown_status_url_and_show_pre_flight_the_manifest(cli, sandbox, sandbox_env, recording_mode):
    playable = find(sandbox, lambda m: m["status"] == "Transcoding")
    url = cli("url", playable["id"])
    assert url.code == 0 and url.out.strip().endswith(".m3u8")
    assert httpx.get(url.out.strip()).status_code == 200
    assert "FastPix reports status “Transcoding”" in url.err and "its playlist answers" in url.err
    shown = cli("show", playable["id"])
    assert shown.code == 0 and "Status:         Transcoding" in shown.out and "its playlist answers" in shown.err
    waiting = find(sandbox, lambda m: m["status"] == "Queued")
    refused = cli("url", waiting["id"])
    assert refused.code != 0 and refused.out == ""
    assert "FastPix reports status “Queued”" in refused.error_line and "does not serve its playlist yet" in refused.error_line
    lowercase = find(sandbox, lambda m: m["status"] == "ready")
    ok = cli("url", lowercase["id"])
    assert ok.code == 0 and ok.err == ""  # "ready" is Ready in another case: no note


def test_hostile_titles_are_printed_as_plain_text(cli, sandbox, sandbox_env):
    out = cli("media").out
    assert "\u202e" not in out and "\\u202e" in out  # the bidi override is shown escaped, not obeyed
    assert "\x1b" not in out


def test_show_media_stream_and_urls(cli, sandbox, sandbox_env):
    media = find(sandbox, lambda m: m["status"] == "Ready" and pids(m, "public"))
    shown = cli("show", media["id"])
    assert shown.code == 0 and media["id"] in shown.out and "Playback ID:" in shown.out
    assert json.loads(cli("show", media["id"], "--json").out) == masked(api(sandbox, f"on-demand/{media['id']}")["data"])
    via_url = cli("show", f"{sandbox.stream_base}/{pids(media, 'public')[0]}.m3u8", "--json")
    assert json.loads(via_url.out)["id"] == media["id"]

    stream = api(sandbox, "live/streams", limit=50)["data"][0]
    shown_stream = json.loads(cli("show", stream["streamId"], "--json").out)
    assert shown_stream == masked(api(sandbox, f"live/streams/{stream['streamId']}")["data"])


def test_url_public_share_and_capped(cli, sandbox, sandbox_env):
    media = find(sandbox, lambda m: m["status"] == "Ready" and pids(m, "public") and m.get("maxResolution") == "1080p")
    pid = pids(media, "public")[0]
    out = cli("url", media["id"])
    assert out.code == 0 and out.out.strip() == f"{sandbox.stream_base}/{pid}.m3u8"
    assert httpx.get(out.out.strip()).text.startswith("#EXTM3U")
    capped = cli("url", media["id"], "--max-resolution", "720p").out.strip()
    assert capped.endswith("?maxResolution=720p") and "1080" not in httpx.get(capped).text.split("RESOLUTION=")[1]
    assert cli("url", media["id"], "--share").out.strip() == f"https://play.fastpix.com/?playbackId={pid}"
    described = json.loads(cli("url", media["id"], "--json").out)
    assert described == {"url": f"{sandbox.stream_base}/{pid}.m3u8", "playbackId": pid, "accessPolicy": "public",
                         "signed": False, "expiresAt": None}
    bad = cli("url", media["id"], "--max-resolution", "999p")
    assert bad.code == 2 and "maximum resolution must be one of" in bad.error_line


def test_url_of_private_media_needs_and_uses_a_signing_key(cli, sandbox, sandbox_env):
    private = find(sandbox, lambda m: m["status"] == "Ready" and {p["accessPolicy"] for p in m["playbackIds"]} == {"private"})
    refused = cli("url", private["id"])
    assert refused.code == 1 and "private: add a signing key" in refused.error_line and refused.out == ""

    sandbox_env.setenv("FASTPIX_SIGNING_KEY_ID", sandbox.signing_key_id)
    sandbox_env.setenv("FASTPIX_SIGNING_KEY", sandbox.signing_key)
    signed = cli("url", private["id"], "--json")
    assert signed.code == 0
    plan = json.loads(signed.out)
    assert plan["signed"] is True and plan["accessPolicy"] == "private"
    token = plan["url"].split("token=")[1]
    assert jwt.get_unverified_header(token)["kid"] == sandbox.signing_key_id
    playlist = httpx.get(plan["url"])
    assert playlist.status_code == 200 and playlist.text.startswith("#EXTM3U")


def test_url_of_drm_media_points_to_the_share_link(cli, sandbox, sandbox_env):
    drm = find(sandbox, lambda m: {p["accessPolicy"] for p in m["playbackIds"]} == {"drm"})
    result = cli("url", drm["id"])
    assert result.code == 1
    assert result.error_line == "fastpix-viewer: DRM-protected: not playable here; use the share link."
    assert cli("url", drm["id"], "--share").out.strip().endswith(pids(drm, "drm")[0])


def test_edit_title_and_metadata_merges_pairs(cli, sandbox, sandbox_env):
    media = find(sandbox, lambda m: m["status"] == "Ready" and len(m.get("metadata", {})) >= 2)
    old = media["metadata"]
    first_key = next(iter(old))
    result = cli("edit", media["id"], "--title", "Renamed 🎬", "--meta", "reviewed=yes", "--meta", f"{first_key}=")
    assert result.code == 0 and "Renamed 🎬" in result.out
    stored = api(sandbox, f"on-demand/{media['id']}")["data"]
    expected = {k: v for k, v in old.items() if k != first_key} | {"reviewed": "yes"}
    assert stored["title"] == "Renamed 🎬" and stored["metadata"] == expected
    assert json.loads(cli("edit", media["id"], "--meta", "x=1", "--json").out)["metadata"]["x"] == "1"


def test_edit_that_fastpix_does_not_apply_is_reported(cli, sandbox, sandbox_env, patch_mode):
    """Removing a key: when FastPix merges metadata the key stays, and the CLI says so (exit != 0)."""
    media = find(sandbox, lambda m: m["status"] == "Ready" and len(m.get("metadata", {})) >= 2)
    first_key, second_key = list(media["metadata"])[:2]
    result = cli("edit", media["id"], "--meta", f"{first_key}=", "--meta", "reviewed=yes")
    stored = api(sandbox, f"on-demand/{media['id']}")["data"]["metadata"]
    assert stored["reviewed"] == "yes" and stored[second_key] == media["metadata"][second_key]
    if patch_mode == "replace":
        assert result.code == 0 and first_key not in stored
    else:
        assert first_key in stored  # FastPix kept it
        assert result.code == 1 and result.out == ""
        assert result.error_line == (f"fastpix-viewer: FastPix did not apply the whole change: "
                                     f"metadata key “{first_key}” is still there.")


def test_edit_refuses_bad_input_before_sending(cli, sandbox, sandbox_env):
    media = find(sandbox, lambda m: m["status"] == "Ready")
    before = api(sandbox, f"on-demand/{media['id']}")["data"]
    too_many = [arg for i in range(11) for arg in ("--meta", f"k{i}=v")]
    assert "at most 10" in cli("edit", media["id"], *too_many).error_line
    assert "255" in cli("edit", media["id"], "--meta", "k=" + "v" * 256).error_line
    assert "KEY=VALUE" in cli("edit", media["id"], "--meta", "novalue").error_line
    assert "--title" in cli("edit", media["id"]).error_line
    stream_id = api(sandbox, "live/streams", limit=1)["data"][0]["streamId"]
    assert "live stream" in cli("edit", stream_id, "--title", "x").error_line
    assert api(sandbox, f"on-demand/{media['id']}")["data"] == before


def test_failures_exit_non_zero_with_one_line(cli, sandbox, sandbox_env):
    unknown = cli("show", "00000000-0000-4000-8000-000000000000")
    assert unknown.code == 4 and "Nothing in this workspace has the ID" in unknown.error_line
    missing_stream = cli("show", "0" * 32)
    assert missing_stream.code == 4 and "no live stream" in missing_stream.error_line
    garbage = cli("show", "not-an-id")
    assert garbage.code == 2 and "not a FastPix ID" in garbage.error_line
    unknown_command = cli("bogus")
    assert unknown_command.code == 2 and "invalid choice" in unknown_command.error_line
    missing_arg = cli("show")
    assert missing_arg.code == 2 and "REF" in missing_arg.error_line

    sandbox_env.setenv("FASTPIX_SECRET_KEY", "wrong-secret-for-sure")
    wrong = cli("streams")
    assert wrong.code == 3 and "did not accept the access token ID and secret key" in wrong.error_line
    assert "wrong-secret-for-sure" not in wrong.err + wrong.out


def test_no_workspace_and_bad_base(cli, clean_env):
    nothing = cli("streams")
    assert nothing.code == 2 and "profiles add" in nothing.error_line
    clean_env.setenv("FASTPIX_TOKEN_ID", "t")
    clean_env.setenv("FASTPIX_SECRET_KEY", "s-value")
    clean_env.setenv("FASTPIX_API_BASE", "http://api.example.com/v1")
    insecure = cli("streams")
    assert insecure.code == 2 and "https" in insecure.error_line


def test_real_process_exit_codes_and_clean_errors(cli_process, sandbox):
    env = {"FASTPIX_API_BASE": sandbox.api_base, "FASTPIX_STREAM_BASE": sandbox.stream_base,
           "FASTPIX_IMAGE_BASE": sandbox.image_base, "FASTPIX_TOKEN_ID": sandbox.token_id,
           "FASTPIX_SECRET_KEY": sandbox.secret_key}
    ok = cli_process("streams", "--json", env=env)
    assert ok.code == 0 and isinstance(json.loads(ok.out), list)
    bad = cli_process("show", "00000000-0000-4000-8000-000000000000", env=env)
    assert bad.code == 4 and bad.error_line.startswith("fastpix-viewer: Nothing in this workspace")


def test_an_unexpected_bug_is_still_one_line(cli, sandbox_env, monkeypatch):
    import fastpix_viewer.cli.commands as commands

    def broken(session):
        raise RuntimeError("bug with a secret inside: do-not-print")

    monkeypatch.setitem(commands.COMMANDS, "streams", broken)
    result = cli("streams")
    assert result.code == 70 and "Unexpected internal error (RuntimeError)" in result.error_line
    assert "do-not-print" not in result.err


def test_edit_messages_explain_the_merged_count_and_the_long_value(cli, sandbox, sandbox_env):
    media = find(sandbox, lambda m: m["status"] == "Ready" and len(m.get("metadata", {})) == 2
                 and all(len(v) <= 255 for v in m["metadata"].values()))
    nine = [arg for i in range(9) for arg in ("--meta", f"new{i}=v")]
    merged = cli("edit", media["id"], *nine)
    assert merged.code == 2
    assert "with the 2 existing pairs this makes 11" in merged.error_line and "at most 10" in merged.error_line
    long_value = cli("edit", media["id"], "--meta", "summary=" + "v" * 300)
    assert "value of metadata key “summary” is 300 characters long" in long_value.error_line
    assert "at most 255" in long_value.error_line
    assert api(sandbox, f"on-demand/{media['id']}")["data"]["metadata"] == media["metadata"]
