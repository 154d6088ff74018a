"""API key and session secret: generated on first start, kept in the data dir (0600)."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from tonearm.config import Settings
from tonearm.kit.files import read_private_file, write_private_file

__all__ = ["ApiKey", "ApiKeyStore", "ensure_api_key", "keys_match", "rotate_api_key"]

API_KEY_FILE = "api_key"
SESSION_SECRET_FILE = "session_secret"  # noqa: S105 (a file name)


@dataclass(frozen=True)
class ApiKey:
    """The effective key, where it comes from, and whether it was just created."""

    value: str
    source: str  # "env" or the file path
    created: bool


def api_key_path(settings: Settings) -> Path:
    """Where the generated API key is kept."""
    return settings.data_dir / API_KEY_FILE


def ensure_api_key(settings: Settings) -> ApiKey:
    """The configured key, else the stored one, else a new one stored with 0600."""
    if settings.api_key is not None and settings.api_key.get_secret_value():
        return ApiKey(settings.api_key.get_secret_value(), "env", created=False)
    path = api_key_path(settings)
    stored = read_private_file(path)
    if stored:
        return ApiKey(stored, str(path), created=False)
    key = secrets.token_urlsafe(32)
    write_private_file(path, key + "\n")
    return ApiKey(key, str(path), created=True)


def rotate_api_key(settings: Settings) -> ApiKey:
    """Replace the stored key with a new one (the environment still wins when set)."""
    key = secrets.token_urlsafe(32)
    write_private_file(api_key_path(settings), key + "\n")
    return ApiKey(key, str(api_key_path(settings)), created=True)


def ensure_session_secret(settings: Settings) -> str:
    """The key that signs UI session cookies."""
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    path = settings.data_dir / SESSION_SECRET_FILE
    stored = read_private_file(path)
    if stored:
        return stored
    value = secrets.token_urlsafe(48)
    write_private_file(path, value + "\n")
    return value


def keys_match(given: str, expected: str) -> bool:
    """Constant-time comparison of two keys."""
    return hmac.compare_digest(given.encode(), expected.encode())


class ApiKeyStore:
    """The current key; picks up `tonearm apikey rotate` without a restart."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._path = api_key_path(settings)
        self._mtime: float | None = None
        self._key = ensure_api_key(settings).value

    def current(self) -> str:
        """The key valid right now."""
        if self._settings.api_key is not None:
            return self._key
        try:
            mtime = self._path.stat().st_mtime
        except FileNotFoundError:
            return self._key
        if mtime != self._mtime:
            self._mtime = mtime
            self._key = read_private_file(self._path) or self._key
        return self._key

    def check(self, given: str | None) -> bool:
        """Whether ``given`` is the valid key."""
        return bool(given) and keys_match(given or "", self.current())
