"""Workspaces: named profiles in a small JSON file, secrets only in the OS keyring.

The file (under the user config dir, or `--config-dir` / FASTPIX_VIEWER_CONFIG_DIR) holds the
profile name, access token ID, the three bases and the signing key ID. The secret key and the
signing private key go to the keyring; without a usable keyring, saving raises
`KeyringUnavailable` unless the caller explicitly chose `session_only=True` (kept in memory for
this process). Nothing secret is ever written to disk by this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fastpix_viewer.api.config import (
    DEFAULT_API_BASE,
    DEFAULT_IMAGE_BASE,
    DEFAULT_STREAM_BASE,
    Endpoints,
    Workspace,
    workspace_from_env,
)
from fastpix_viewer.api.errors import FastPixError, KeyringUnavailable, ProfileError
from fastpix_viewer.api.redact import register_secret

APP_NAME = "fastpix-viewer"
KEYRING_SERVICE = "fastpix-viewer"
ENV_CONFIG_DIR = "FASTPIX_VIEWER_CONFIG_DIR"
FILE_NAME = "profiles.json"
LOCK_NAME = "profiles.json.lock"
LOCK_TIMEOUT = 15.0  # seconds; a change takes milliseconds, so this only trips on a stuck process
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}")
_SECRET = "secret-key"  # noqa: S105 - the keyring entry suffix
_SIGNING = "signing-key"


def default_config_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get(ENV_CONFIG_DIR):
        return Path(env[ENV_CONFIG_DIR])
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def check_profile_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name != name.strip():
        raise ProfileError(
            "A profile name is 1-64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit."
        )
    return name


class ProfilesFileDamaged(ProfileError):
    """profiles.json exists but cannot be used (not JSON, not UTF-8, wrong shape)."""


@dataclass(frozen=True)
class Profile:
    name: str
    token_id: str
    api_base: str = DEFAULT_API_BASE
    stream_base: str = DEFAULT_STREAM_BASE
    image_base: str = DEFAULT_IMAGE_BASE
    signing_key_id: str | None = None

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints(self.api_base, self.stream_base, self.image_base)


def _keyring_module() -> Any:
    import keyring

    return keyring


def keyring_usable() -> bool:
    """True when the selected keyring backend can really store secrets."""
    try:
        keyring = _keyring_module()
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:
        return False
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    chained = getattr(backend, "backends", None)
    return not (chained is not None and not chained)


class ProfileStore:
    """Thread-safe enough for one GUI plus workers: every file change is atomic and locked."""

    def __init__(self, config_dir: Path | str | None = None, *, environ: Mapping[str, str] | None = None) -> None:
        self.directory = Path(config_dir) if config_dir else default_config_dir(environ)
        self.path = self.directory / FILE_NAME
        self._lock = threading.RLock()
        self._session: dict[tuple[str, str], str] = {}

    def __repr__(self) -> str:
        return f"ProfileStore({str(self.directory)!r})"

    # -- file ------------------------------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {"version": 1, "active": None, "profiles": []}
        except OSError:
            raise ProfileError(f"The profiles file {self.path} cannot be read.") from None
        try:
            # Bytes that are not UTF-8 are damage like any other (UnicodeDecodeError is a ValueError).
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("profiles", []), list):
                raise ValueError("shape")
        except (ValueError, RecursionError):
            raise ProfilesFileDamaged(f"The profiles file {self.path} is damaged; fix or delete it.") from None
        return data

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """Held around every read-modify-write of the file: this process's threads (RLock) and other
        processes (a lock file beside it), so concurrent `profiles add` runs all keep their profile."""
        import filelock

        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            lock = filelock.FileLock(str(self.directory / LOCK_NAME), timeout=LOCK_TIMEOUT)
            try:
                with lock:
                    yield
            except filelock.Timeout:
                raise ProfileError(
                    f"Another fastpix-viewer is changing the profiles in {self.directory} "
                    f"(it holds {LOCK_NAME}); try again in a moment."
                ) from None

    def _write(self, data: dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".profiles-", suffix=".json", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, ensure_ascii=False)
                handle.write("\n")
            os.chmod(temp, 0o600)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def _profiles(self, data: dict[str, Any]) -> list[Profile]:
        found = []
        for entry in data.get("profiles", []):
            if not isinstance(entry, dict):
                continue
            try:
                found.append(
                    Profile(
                        name=str(entry["name"]),
                        token_id=str(entry["token_id"]),
                        api_base=str(entry.get("api_base") or DEFAULT_API_BASE),
                        stream_base=str(entry.get("stream_base") or DEFAULT_STREAM_BASE),
                        image_base=str(entry.get("image_base") or DEFAULT_IMAGE_BASE),
                        signing_key_id=entry.get("signing_key_id") or None,
                    )
                )
            except (KeyError, TypeError):
                continue
        return found

    # -- queries -----------------------------------------------------------------------------

    def list(self) -> list[Profile]:
        with self._lock:
            return self._profiles(self._read())

    def active_name(self) -> str | None:
        with self._lock:
            data = self._read()
            active = data.get("active")
            names = {p.name for p in self._profiles(data)}
            return active if isinstance(active, str) and active in names else None

    def get(self, name: str) -> Profile:
        for profile in self.list():
            if profile.name == name:
                return profile
        raise ProfileError(f"There is no profile named “{name}”; see `fastpix-viewer profiles list`.")

    # -- secrets ------------------------------------------------------------------------------

    def _set_secret(self, name: str, kind: str, value: str, session_only: bool) -> None:
        register_secret(value)
        if session_only:
            self._session[(name, kind)] = value
            return
        if not keyring_usable():
            raise KeyringUnavailable()
        try:
            _keyring_module().set_password(KEYRING_SERVICE, f"{name}/{kind}", value)
        except Exception:
            raise KeyringUnavailable(
                "The system keyring refused to store the secret; unlock it, or keep the secret for this session only."
            ) from None

    def _get_secret(self, name: str, kind: str) -> str | None:
        if (name, kind) in self._session:
            return self._session[(name, kind)]
        if not keyring_usable():
            raise KeyringUnavailable(
                f"No usable system keyring: the secrets of profile “{name}” cannot be read; "
                "set FASTPIX_TOKEN_ID and FASTPIX_SECRET_KEY instead, or set up a keyring."
            )
        try:
            value = _keyring_module().get_password(KEYRING_SERVICE, f"{name}/{kind}")
        except Exception:
            raise KeyringUnavailable("The system keyring could not be read; is it locked?") from None
        register_secret(value)
        return value

    def _delete_secret(self, name: str, kind: str) -> str | None:
        """Remove a stored secret; None when it is gone (or was never there), else why it is not."""
        self._session.pop((name, kind), None)
        where = f"the system keyring (service “{KEYRING_SERVICE}”, entry “{name}/{kind}”)"
        if not keyring_usable():
            return f"no usable system keyring is available now, so it may still be in {where}"
        from keyring.errors import PasswordDeleteError

        try:
            _keyring_module().delete_password(KEYRING_SERVICE, f"{name}/{kind}")
        except PasswordDeleteError:  # not there: nothing left to remove
            return None
        except Exception:
            return f"the keyring refused to delete it (is it locked?), so it is still in {where}"
        return None

    # -- changes -----------------------------------------------------------------------------

    def save(
        self,
        profile: Profile,
        *,
        secret_key: str,
        signing_key: str | None = None,
        session_only: bool = False,
        make_active: bool | None = None,
    ) -> Profile:
        """Add or replace a profile. Validates everything before storing anything."""
        check_profile_name(profile.name)
        if bool(profile.signing_key_id) != bool(signing_key):
            raise ProfileError("A signing key needs both its key ID and its private key.")
        # Validation: bases and credentials build a Workspace; a bad signing key fails here too.
        Workspace(
            token_id=profile.token_id,
            secret_key=secret_key,
            endpoints=profile.endpoints,
            signing_key_id=profile.signing_key_id,
            signing_key=signing_key,
            name=profile.name,
        )
        if signing_key:
            from fastpix_viewer.api.signing import SigningKey

            SigningKey.from_fastpix(profile.signing_key_id or "", signing_key)
        normalised = Profile(
            name=profile.name,
            token_id=profile.token_id.strip(),
            api_base=profile.endpoints.api_base,
            stream_base=profile.endpoints.stream_base,
            image_base=profile.endpoints.image_base,
            signing_key_id=profile.signing_key_id,
        )
        with self._changing():
            data = self._read()  # a damaged file fails here, before any secret is stored
            before = {kind: self._stored_secret(profile.name, kind, session_only) for kind in (_SECRET, _SIGNING)}
            try:
                self._set_secret(profile.name, _SECRET, secret_key, session_only)
                if signing_key:
                    self._set_secret(profile.name, _SIGNING, signing_key, session_only)
                else:
                    self._delete_secret(profile.name, _SIGNING)
                others = [asdict(p) for p in self._profiles(data) if p.name != profile.name]
                data["profiles"] = [*others, asdict(normalised)]
                if make_active or (make_active is None and not self._active_in(data)):
                    data["active"] = profile.name
                self._write(data)
            except BaseException:
                # The profile was not saved: put the keyring back as it was (no orphaned secret).
                for kind, value in before.items():
                    self._restore_secret(profile.name, kind, value, session_only)
                raise
        return normalised

    def _active_in(self, data: dict[str, Any]) -> str | None:
        active = data.get("active")
        return active if isinstance(active, str) and active in {p.name for p in self._profiles(data)} else None

    def _stored_secret(self, name: str, kind: str, session_only: bool) -> str | None:
        """What is stored now (to restore it if a save fails); None when nothing or unreadable."""
        if session_only:
            return self._session.get((name, kind))
        try:
            return self._get_secret(name, kind)
        except FastPixError:
            return None

    def _restore_secret(self, name: str, kind: str, value: str | None, session_only: bool) -> None:
        try:
            if value is None:
                self._delete_secret(name, kind)
            else:
                self._set_secret(name, kind, value, session_only)
        except FastPixError:
            pass  # the keyring went away meanwhile: nothing more can be done here

    def remove(self, name: str) -> list[str]:
        """Remove the profile and its secrets; returns one sentence per secret that could not be
        removed (saying where it stays), so callers never claim a clean removal that was not."""
        with self._changing():
            profile = self.get(name)
            data = self._read()
            data["profiles"] = [asdict(p) for p in self._profiles(data) if p.name != name]
            if data.get("active") == name:
                data["active"] = None
            self._write(data)
            left: list[str] = []
            for kind, label, had in ((_SECRET, "secret key", True),
                                     (_SIGNING, "signing key", bool(profile.signing_key_id))):
                problem = self._delete_secret(name, kind)
                if problem and had:
                    left.append(f"The {label} of profile “{name}” could not be removed: {problem}.")
            return left

    def use(self, name: str) -> None:
        with self._changing():
            self.get(name)
            data = self._read()
            data["active"] = name
            self._write(data)

    def workspace(self, name: str) -> Workspace:
        profile = self.get(name)
        secret = self._get_secret(name, _SECRET)
        if not secret:
            raise ProfileError(
                f"No secret key is stored for profile “{name}”; add the profile again with `fastpix-viewer profiles add`."
            )
        signing_key = self._get_secret(name, _SIGNING) if profile.signing_key_id else None
        if profile.signing_key_id and not signing_key:
            raise ProfileError(f"The signing key of profile “{name}” is missing from the keyring; add the profile again.")
        return Workspace(
            token_id=profile.token_id,
            secret_key=secret,
            endpoints=profile.endpoints,
            signing_key_id=profile.signing_key_id,
            signing_key=signing_key,
            name=name,
        )


def select_workspace(
    store: ProfileStore, profile_name: str | None = None, environ: Mapping[str, str] | None = None
) -> Workspace:
    """Precedence: an explicit profile, then FASTPIX_* credentials, then the active profile."""
    if profile_name:
        return store.workspace(profile_name)
    try:
        from_env = workspace_from_env(environ)
    except FastPixError as problem:
        raise type(problem)(f"The FASTPIX_* environment settings are not usable: {problem.user_message}") from None
    if from_env is not None:
        return from_env
    active = store.active_name()
    if active:
        return store.workspace(active)
    raise ProfileError(
        "No workspace is set up: run `fastpix-viewer profiles add NAME` or set FASTPIX_TOKEN_ID and FASTPIX_SECRET_KEY."
    )
