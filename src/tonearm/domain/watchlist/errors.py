"""Watchlist errors: one base, a subclass per case, the docstring is the message."""

from __future__ import annotations

from tonearm.errors import Conflict, NotFound, TonearmError

__all__ = ["AlreadyWatched", "NotWatched", "WatchlistError"]


class WatchlistError(TonearmError):
    """The watchlist operation failed."""


class NotWatched(WatchlistError, NotFound):
    """That artist is not on the watchlist."""


class AlreadyWatched(WatchlistError, Conflict):
    """That artist is already on the watchlist."""
