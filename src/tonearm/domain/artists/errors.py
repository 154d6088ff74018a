"""Artist errors: one base, a subclass per case, the docstring is the message."""

from __future__ import annotations

from tonearm.errors import (
    Conflict,
    CredentialsMissing,
    DependencyError,
    NotFound,
    TonearmError,
    ValidationFailed,
)

__all__ = [
    "ArtistBusy",
    "ArtistError",
    "ArtistNotFound",
    "InvalidArtistKey",
    "ResyncRefused",
    "SpotifyCatalogFailed",
    "SpotifyCatalogUnavailable",
]


class ArtistError(TonearmError):
    """The artist operation failed."""


class InvalidArtistKey(ArtistError, ValidationFailed):
    """An artist key looks like spotify:<id> (letters and digits)."""


class ArtistNotFound(ArtistError, NotFound):
    """No such artist (sync it first)."""


class ResyncRefused(ArtistError, Conflict):
    """The artist is being synced right now or its retry budget is spent."""


class SpotifyCatalogUnavailable(ArtistError, CredentialsMissing):
    """Spotify client credentials are needed to read artists (client id and secret)."""


class ArtistBusy(ArtistError, Conflict):
    """A sync of this artist is running; try again when it has finished."""


class SpotifyCatalogFailed(ArtistError, DependencyError):
    """Spotify could not be read (see details); nothing was changed."""
