"""Where artist data comes from: the Spotify catalogue with an app token (client credentials
are enough for public artist data; no user authorisation needed), always through the provider
gateway (:class:`ProviderClients`): shared cooldowns, circuit breaker, retries and events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Protocol

from tonearm.config import Settings
from tonearm.domain.artists.errors import SpotifyCatalogUnavailable
from tonearm.domain.providers import ProviderClients
from tonearm.integrations.spotify import (
    AlbumRef,
    Artist,
    SearchResults,
    SearchType,
    SimplifiedTrack,
    SpotifyClient,
)

__all__ = ["ArtistCatalog", "catalog_configured", "open_spotify_catalog"]


class ArtistCatalog(Protocol):
    """The reads artist sync and search need (``SpotifyClient`` provides them)."""

    async def get_artist(self, artist_id: str) -> Artist:
        """One artist."""

    def iter_artist_albums(
        self, artist_id: str, include_groups: Iterable[str] = ("album", "single")
    ) -> AsyncIterator[AlbumRef]:
        """An artist's releases."""

    def iter_album_tracks(self, album_id: str) -> AsyncIterator[SimplifiedTrack]:
        """A release's tracks."""

    async def search(
        self, query: str, types: Sequence[SearchType] = ("track",), limit: int = 10, offset: int = 0
    ) -> SearchResults:
        """One page of search results."""


def catalog_configured(settings: Settings) -> bool:
    """Whether Spotify client credentials are set."""
    return bool(settings.spotify_client_id and settings.spotify_client_secret)


@asynccontextmanager
async def open_spotify_catalog(
    providers: ProviderClients, settings: Settings
) -> AsyncIterator[SpotifyClient]:
    """The gateway's app-token Spotify client for the effective ``settings``
    (:class:`SpotifyCatalogUnavailable` without client credentials)."""
    if not catalog_configured(settings):
        raise SpotifyCatalogUnavailable()
    yield providers.spotify_app(settings)
