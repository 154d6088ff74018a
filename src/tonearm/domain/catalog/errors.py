"""Catalogue errors: one base, a subclass per case, the docstring is the message."""

from __future__ import annotations

from tonearm.errors import NotFound, TonearmError, ValidationFailed

__all__ = ["CatalogError", "InvalidTrack", "TrackNotFound"]


class CatalogError(TonearmError):
    """The catalogue could not do that."""


class TrackNotFound(CatalogError, NotFound):
    """No such track."""


class InvalidTrack(CatalogError, ValidationFailed):
    """A track needs a title and an artist, or a Spotify id."""
