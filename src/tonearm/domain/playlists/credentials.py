"""Cached playlist answers were given in PRO mode and skip the PRO check when served again, so
a change of the Spotify credentials evicts them (a settings hook wired by the composition root).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.domain.catalog import (
    PLAYLISTS_TAG,
    SPOTIFY_TAG,
    Invalidator,
    invalidate_now_and_after_commit,
)

__all__ = ["SPOTIFY_CREDENTIAL_KEYS", "evict_on_credentials_change"]

SPOTIFY_CREDENTIAL_KEYS = frozenset({"spotify_client_id", "spotify_client_secret"})


async def evict_on_credentials_change(
    session: AsyncSession, changed: Iterable[str], invalidator: Invalidator
) -> int:
    """Evict every cached answer that needed the Spotify account when its credentials are among
    the ``changed`` settings keys; returns how many were evicted at once."""
    if not SPOTIFY_CREDENTIAL_KEYS.intersection(changed):
        return 0
    return await invalidate_now_and_after_commit(
        session, invalidator, [SPOTIFY_TAG, PLAYLISTS_TAG], reason="spotify.credentials_changed"
    )
