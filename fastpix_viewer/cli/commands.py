"""The sub-commands. Each reads `args`, talks to FastPix through the API layer, prints, returns 0."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastpix_viewer.api.cancel import CancelToken
from fastpix_viewer.api.client import MAX_METADATA_PAIRS, FastPixClient
from fastpix_viewer.api.config import ENV_SECRET_KEY, ENV_SIGNING_KEY, ENV_TOKEN_ID, Endpoints
from fastpix_viewer.api.download import (
    check_destination,
    download_url_for,
    free_destination,
    part_path,
)
from fastpix_viewer.api.errors import (
    Cancelled,
    InputError,
    KeyringUnavailable,
    PlaybackError,
    ProfileError,
    StreamNotReady,
)
from fastpix_viewer.api.file_names import media_filename
from fastpix_viewer.api.models import LiveStream, Media
from fastpix_viewer.api.playback import (
    PlaybackPlan,
    Unplayable,
    share_playback_id,
    share_url,
)
from fastpix_viewer.api.profiles import Profile
from fastpix_viewer.api.recordings import RecordingIndex
from fastpix_viewer.cli import output
from fastpix_viewer.cli.clip_commands import CLIP_COMMANDS
from fastpix_viewer.cli.session import Session
from fastpix_viewer.cli.usage import UsageError


def cmd_streams(session: Session) -> int:
    items = session.client.all_streams()
    if session.json:
        output.print_json([item.raw for item in items])
    else:
        output.table(output.stream_rows(items), output.STREAM_HEADERS)
    return 0


def cmd_media(session: Session) -> int:
    items = session.client.all_media()
    # A recording is a media some stream lists in mediaIds (all pages of streams).
    index = RecordingIndex.from_streams(session.client.all_streams())
    if session.args.recordings:
        items = [item for item in items if index.is_recording(item)]
    if session.json:
        output.print_json([item.raw for item in items])
    else:
        output.table(output.media_rows(items, index), output.MEDIA_HEADERS)
    return 0


def cmd_show(session: Session) -> int:
    if getattr(session.args, "insights", False):
        from fastpix_viewer.cli.insights import cmd_show_insights

        return cmd_show_insights(session, session.resolve_media(session.args.ref, use_latest_recording=True))
    found = session.resolve(session.args.ref)
    if session.json:
        output.print_json(found.item.raw)
    elif isinstance(found.item, Media):
        streams = session.client.all_streams()
        index = RecordingIndex.from_streams(streams)
        owner_id = index.stream_of(found.item.id) or found.item.stream_id
        owner = next((s for s in streams if isinstance(s, LiveStream) and s.stream_id == owner_id), None)
        output.describe_media(found.item, index=index, stream=owner)
        _note_unknown_status(session, found.item)
    else:
        output.describe_stream(found.item)
    return 0


def unknown_status_note(media: Media, playable: bool | None, why: str = "") -> str:
    """What to say about a status outside FastPix's documented words (shown as sent)."""
    said = f"FastPix reports status “{output.plain(media.status, 40)}”, which this app does not know"
    if playable is None:
        return f"{said}; it has no playback ID to check."
    if playable:
        return f"{said}; its playlist answers, so it plays."
    return f"{said}; the stream host does not serve its playlist yet" + (f" ({why})." if why else ".")


def _note_unknown_status(session: Session, media: Media) -> None:
    """`show`: for an unknown status, ask the stream host whether it plays (a note on stderr)."""
    if media.status_is_known:
        return
    plan = session.client.choose_playback(media) if media.playback_ids else None
    if not isinstance(plan, PlaybackPlan):
        print("note: " + unknown_status_note(media, None), file=sys.stderr)
        return
    try:
        session.client.preflight(plan.url)
    except StreamNotReady as refused:
        print("note: " + unknown_status_note(media, False, refused.user_message), file=sys.stderr)
    except Exception as problem:
        print("note: " + unknown_status_note(media, False, getattr(problem, "user_message", "")), file=sys.stderr)
    else:
        print("note: " + unknown_status_note(media, True), file=sys.stderr)


def _only(item: Media | LiveStream, playback_id: str | None) -> Media | LiveStream:
    """When the user named a playback ID, choose among that one only."""
    if playback_id is None:
        return item
    import dataclasses

    kept = tuple(p for p in item.playback_ids if p.id == playback_id)
    return dataclasses.replace(item, playback_ids=kept)


def cmd_url(session: Session) -> int:
    found = session.resolve(session.args.ref)
    client = session.client
    item = _only(found.item, found.playback_id)
    if session.args.share:
        pid = share_playback_id(item)
        if pid is None:
            raise PlaybackError("This item has no playback ID, so it cannot be played.")
        link = share_url(pid)
        if session.json:
            output.print_json({"url": link, "playbackId": pid})
        else:
            print(link)
        return 0
    plan = client.choose_playback(item, max_resolution=session.args.max_resolution)
    if isinstance(plan, Unplayable):
        raise PlaybackError(plan.message)
    assert isinstance(plan, PlaybackPlan)
    if isinstance(item, Media) and item.is_failed:
        raise PlaybackError("FastPix could not process this media (status Failed), so it cannot be played.")
    # Never print a URL the stream host will refuse (processing media, idle stream, bad token):
    # the pre-flight turns its refusal into the same one-line typed error the player shows.
    try:
        client.preflight(plan.url)
    except StreamNotReady as refused:
        if isinstance(item, Media) and not item.status_is_known:
            raise StreamNotReady(unknown_status_note(item, False, refused.user_message),
                                 status=refused.status, code=refused.code) from None
        if isinstance(item, LiveStream):
            raise StreamNotReady(
                f"The live stream is not broadcasting (status {output.plain(item.status or 'unknown', 20)}); "
                "there is nothing to play until it goes live.", status=refused.status, code=refused.code,
            ) from None
        raise
    if isinstance(item, Media) and not item.status_is_known:
        print("note: " + unknown_status_note(item, True), file=sys.stderr)
    if session.json:
        output.print_json({
            "url": plan.url,
            "playbackId": plan.playback_id,
            "accessPolicy": plan.access_policy,
            "signed": plan.signed,
            "expiresAt": plan.expires_at,
        })
    else:
        print(plan.url)
    return 0


def cmd_download(session: Session) -> int:
    media = session.resolve_media(session.args.ref, use_latest_recording=True)
    client = session.client
    url, extension = download_url_for(client, media)
    default_name = media_filename(media, extension)
    overwrite = bool(getattr(session.args, "overwrite", False))
    if session.args.output and not Path(session.args.output).is_dir():
        destination = Path(session.args.output)
        check_destination(destination)
        if (destination.exists() or destination.is_symlink()) and not overwrite:
            raise InputError(f"{destination} already exists; use --overwrite to replace it.")
    else:
        # No -o, or `-o DIR`: the default name in that folder, never one that is taken.
        folder = Path(session.args.output) if session.args.output else Path.cwd()
        destination = free_destination(folder, default_name, url)
    check_destination(destination)
    bar = output.ProgressBar()
    cancel = CancelToken()
    from fastpix_viewer.api.download import download_url

    try:
        path = download_url(client.transport, url, destination, progress=bar, cancel=cancel, overwrite=overwrite)
    except (KeyboardInterrupt, Cancelled):
        bar.finish()
        part = part_path(destination)
        kept = part.stat().st_size if part.is_file() and not part.is_symlink() else 0
        if kept:
            raise Cancelled(
                f"Interrupted: the partial download ({kept:,} bytes) is kept as {part}; "
                "run the same command again to resume."
            ) from None
        raise Cancelled("Interrupted before anything was downloaded; nothing was kept.") from None
    bar.finish()
    if session.json:
        output.print_json({"path": str(path), "bytes": path.stat().st_size, "mediaId": media.id})
    else:
        print(path)
    return 0


def _parse_meta(pairs: list[str]) -> dict[str, str | None]:
    parsed: dict[str, str | None] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--meta wants KEY=VALUE, got “{output.plain(pair, 40)}”")
        parsed[key] = value if value else None
    return parsed


def cmd_edit(session: Session) -> int:
    args = session.args
    if args.title is None and not args.meta:
        raise UsageError("edit needs --title and/or --meta KEY=VALUE")
    changes = _parse_meta(args.meta)
    media = session.resolve_media(args.ref, use_latest_recording=False)
    metadata: dict[str, str] | None = None
    if changes:
        # FastPix replaces the whole metadata object on PATCH, so merge with what is there.
        merged: dict[str, str] = dict(media.metadata)
        for key, value in changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        kept = sum(1 for key in media.metadata if key in merged and key not in changes)
        if len(merged) > MAX_METADATA_PAIRS and kept:
            # The limit applies to the merged result, which the user did not type: say so.
            raise InputError(
                f"FastPix allows at most {MAX_METADATA_PAIRS} metadata pairs; with the {kept} existing "
                f"pair{'s' if kept != 1 else ''} this makes {len(merged)} (remove some with --meta KEY=)."
            )
        metadata = merged
    updated = session.client.update_media(media.id, title=args.title, metadata=metadata)
    if session.json:
        output.print_json(updated.raw)
    else:
        output.describe_media(updated)
    return 0


# --- profiles --------------------------------------------------------------------------------


def _read_secret(args: argparse.Namespace) -> str:
    if args.secret_key_on_argv is not None:
        raise UsageError(
            "the secret key is never taken from the command line (other users could see it); "
            "use --secret-key-stdin, FASTPIX_SECRET_KEY or the prompt"
        )
    if args.secret_key_stdin:
        secret = sys.stdin.readline().strip()
    elif os.environ.get(ENV_SECRET_KEY):
        secret = os.environ[ENV_SECRET_KEY].strip()
    elif sys.stdin.isatty():
        secret = getpass.getpass("Secret key: ").strip()
    else:
        raise UsageError("give the secret key with --secret-key-stdin, FASTPIX_SECRET_KEY or at the prompt")
    if not secret:
        raise InputError("The secret key is empty.")
    return secret


def _read_signing_key(args: argparse.Namespace) -> str | None:
    if not args.signing_key_id:
        if args.signing_key_file:
            raise UsageError("--signing-key-file needs --signing-key-id")
        return None
    if args.signing_key_file:
        try:
            return Path(args.signing_key_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            raise InputError(f"The signing key file {args.signing_key_file} cannot be read.") from None
    if os.environ.get(ENV_SIGNING_KEY):
        return os.environ[ENV_SIGNING_KEY].strip()
    raise UsageError("--signing-key-id needs the key: --signing-key-file FILE or FASTPIX_SIGNING_KEY")


def cmd_profiles(session: Session) -> int:
    args = session.args
    store = session.store
    action = args.profiles_command
    if action == "add":
        secret = _read_secret(args)
        signing_key = _read_signing_key(args)
        defaults = Endpoints()
        profile = Profile(
            name=args.name,
            token_id=args.token_id,
            api_base=args.api_base or defaults.api_base,
            stream_base=args.stream_base or defaults.stream_base,
            image_base=args.image_base or defaults.image_base,
            signing_key_id=args.signing_key_id,
        )
        if not args.no_check:
            _check_credentials(profile, secret)
        try:
            saved = store.save(profile, secret_key=secret, signing_key=signing_key)
        except KeyringUnavailable as missing:
            # The API's advice ("keep it for this session only") is a GUI choice; a command line
            # run has no session to keep it in, so it points at the environment instead.
            refused = "refused to store the secret" in missing.user_message
            raise KeyringUnavailable(
                ("The system keyring refused to store the secret (unlock it)" if refused
                 else "No usable system keyring was found to store the secret key")
                + f"; without one, set {ENV_TOKEN_ID} and {ENV_SECRET_KEY} in the environment instead "
                "of saving a profile.",
                status=missing.status,
            ) from None
        if session.json:
            output.print_json(_profile_json(saved, store.active_name()))
        else:
            print(f"Saved profile “{output.plain(saved.name)}”" + (" (active)." if store.active_name() == saved.name else "."))
        return 0
    if action == "list":
        active = store.active_name()
        rows = [_profile_json(p, active) for p in store.list()]
        if session.json:
            output.print_json(rows)
        elif rows:
            output.table(output.profile_rows(rows), output.PROFILE_HEADERS)
        else:
            print("No profiles yet; add one with `fastpix-viewer profiles add NAME --token-id ID`.")
        return 0
    if action == "remove":
        left = store.remove(args.name)
        if not session.json:
            print(f"Removed profile “{output.plain(args.name)}”" + (" from the profiles file." if left else "."))
        else:
            output.print_json({"removed": args.name, "secretsLeft": left})
        for problem in left:  # the secret stays somewhere: say so and where, and do not exit 0
            print(f"fastpix-viewer: {output.plain(problem, 400)}", file=sys.stderr)
        return 1 if left else 0
    if action == "use":
        store.use(args.name)
        if not session.json:
            print(f"Profile “{output.plain(args.name)}” is now active.")
        else:
            output.print_json({"active": args.name})
        return 0
    raise ProfileError("Unknown profiles action.")


def _check_credentials(profile: Profile, secret: str) -> None:
    from fastpix_viewer.api.config import Workspace

    workspace = Workspace(token_id=profile.token_id, secret_key=secret, endpoints=profile.endpoints, name=profile.name)
    with FastPixClient(workspace) as client:
        client.streams_page(1, limit=1)


def _profile_json(profile: Profile, active: str | None) -> dict[str, Any]:
    return {
        "name": profile.name,
        "active": profile.name == active,
        "tokenId": profile.token_id,
        "apiBase": profile.api_base,
        "streamBase": profile.stream_base,
        "imageBase": profile.image_base,
        "signingKeyId": profile.signing_key_id,
    }


COMMANDS: dict[str, Callable[[Session], int]] = {
    "streams": cmd_streams,
    "media": cmd_media,
    "show": cmd_show,
    "url": cmd_url,
    "download": cmd_download,
    "edit": cmd_edit,
    "profiles": cmd_profiles,
    **CLIP_COMMANDS,
}


def dispatch(session: Session) -> int:
    from fastpix_viewer.cli.insights import COMMANDS as INSIGHT_COMMANDS

    return {**COMMANDS, **INSIGHT_COMMANDS}[session.args.command](session)
