"""How the domain asks delivery to forget cached responses, without knowing the cache.

The composition root passes an object with ``invalidate(tags, reason=...)`` (the response
cache); domain code calls it *after* its transaction commits, with the tags below.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = [
    "PLAYLISTS_TAG",
    "SPOTIFY_TAG",
    "Invalidator",
    "NullInvalidator",
    "artist_tag",
    "invalidate_now_and_after_commit",
    "invalidator_from",
    "playlist_tag",
]

PLAYLISTS_TAG = "playlists"
SPOTIFY_TAG = "spotify"
"""Carried by every cached answer that needs the Spotify account (PRO)."""


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


_AFTER_COMMIT: set[asyncio.Task[int]] = set()  # strong references until each task is done


async def invalidate_now_and_after_commit(
    session: AsyncSession, invalidator: Invalidator, tags: Iterable[str], *, reason: str
) -> int:
    """Evict ``tags`` now and once more when ``session`` commits; returns the first count.

    For changes made inside a transaction (a settings change): a request that read the old,
    still committed state between the two evictions cannot leave a stale entry behind.
    """
    tag_list = list(tags)
    evicted = await invalidator.invalidate(tag_list, reason=reason)
    loop = asyncio.get_running_loop()

    def again(_: object) -> None:
        task = loop.create_task(invalidator.invalidate(tag_list, reason=reason))
        _AFTER_COMMIT.add(task)
        task.add_done_callback(_AFTER_COMMIT.discard)

    event.listen(session.sync_session, "after_commit", again, once=True)
    return evicted
