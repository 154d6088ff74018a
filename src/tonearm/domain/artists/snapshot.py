"""Reading an artist from the provider: profile, releases, and tracks of chosen releases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tonearm.db.models import RELEASE_GROUPS
from tonearm.domain.artists.delta import RemoteRelease
from tonearm.domain.artists.provider import ArtistCatalog
from tonearm.integrations.spotify import Artist, SimplifiedTrack

__all__ = ["ArtistSnapshot", "fetch_snapshot", "fetch_tracks"]


@dataclass(frozen=True)
class ArtistSnapshot:
    """The provider's current view of one artist."""

    artist: Artist
    releases: list[RemoteRelease]


async def fetch_snapshot(catalog: ArtistCatalog, spotify_id: str) -> ArtistSnapshot:
    """The artist and every release group (filters apply later, to wanted tracks only)."""
    artist = await catalog.get_artist(spotify_id)
    releases = [
        RemoteRelease.from_album(album)
        async for album in catalog.iter_artist_albums(spotify_id, RELEASE_GROUPS)
    ]
    return ArtistSnapshot(artist=artist, releases=releases)


async def fetch_tracks(
    catalog: ArtistCatalog, release_ids: Iterable[str]
) -> dict[str, list[SimplifiedTrack]]:
    """The track lists of ``release_ids`` (fetched outside any transaction)."""
    tracks: dict[str, list[SimplifiedTrack]] = {}
    for release_id in dict.fromkeys(release_ids):
        tracks[release_id] = [t async for t in catalog.iter_album_tracks(release_id)]
    return tracks
