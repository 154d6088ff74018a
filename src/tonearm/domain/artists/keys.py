"""Artist keys: ``spotify:<id>``, the only form used in routes, jobs and audit rows."""

from __future__ import annotations

import re

from tonearm.domain.artists.errors import InvalidArtistKey

__all__ = ["ARTIST_KEY_PATTERN", "artist_key", "lock_key", "spotify_id_of"]

ARTIST_KEY_PATTERN = r"^spotify:[A-Za-z0-9]{1,64}$"
_KEY = re.compile(ARTIST_KEY_PATTERN)


def spotify_id_of(key: str) -> str:
    """The Spotify id inside ``key``; :class:`InvalidArtistKey` when it is not one."""
    if not _KEY.fullmatch(key):
        raise InvalidArtistKey(details={"artist_key": key[:100]})
    return key.split(":", 1)[1]


def artist_key(spotify_id: str) -> str:
    """The key of a Spotify artist id."""
    key = f"spotify:{spotify_id}"
    spotify_id_of(key)
    return key


def lock_key(key: str) -> str:
    """The job lock (one running sync per artist) and cache tag of an artist."""
    return f"artist:{key}"
