"""How the domain asks delivery to forget cached responses, without knowing the cache.

The composition root passes an object with ``invalidate(tags, reason=...)`` (the response
cache); domain code calls it *after* its transaction commits, with the tags below.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

__all__ = [
    "PLAYLISTS_TAG",
    "Invalidator",
    "NullInvalidator",
    "artist_tag",
    "invalidator_from",
    "playlist_tag",
]

PLAYLISTS_TAG = "playlists"


def playlist_tag(spotify_id: str) -> str:
    """The tag of one playlist's cached responses."""
    return f"playlist:{spotify_id}"


def artist_tag(artist_key: str) -> str:
    """The tag of one artist's cached responses (``artist:spotify:<id>``)."""
    return f"artist:{artist_key}"


class Invalidator(Protocol):
    """Evicts cached responses by tag; returns how many entries were evicted."""

    async def invalidate(self, tags: Iterable[str], *, reason: str) -> int:
        """Evict entries carrying any of ``tags``."""


class NullInvalidator:
    """Used where no cache is wired (a worker without a shared cache, unit tests)."""

    async def invalidate(self, tags: Iterable[str], *, reason: str) -> int:
        """Nothing is cached here, so nothing is evicted."""
        return 0


def invalidator_from(services: Any) -> Invalidator:
    """The invalidator in a services mapping (``"invalidator"``), else a null one."""
    found = services.get("invalidator") if hasattr(services, "get") else None
    return found if found is not None else NullInvalidator()
