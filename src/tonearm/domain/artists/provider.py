"""Where artist data comes from: the Spotify catalogue with an app token (client credentials
are enough for public artist data; no user authorisation needed)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Protocol

import httpx

from tonearm.config import Settings
from tonearm.domain.artists.errors import SpotifyCatalogUnavailable
from tonearm.integrations.spotify import (
    AlbumRef,
    Artist,
    ClientCredentialsTokenProvider,
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
    settings: Settings, http: httpx.AsyncClient | None = None
) -> AsyncIterator[SpotifyClient]:
    """A Spotify client on an app token for the effective ``settings``.

    ``http`` is a shared client (tests route it to the emulator); without one a client is
    opened for the duration of the block.
    """
    if not catalog_configured(settings) or settings.spotify_client_secret is None:
        raise SpotifyCatalogUnavailable()
    async with AsyncExitStack() as stack:
        if http is None:
            http = await stack.enter_async_context(httpx.AsyncClient())
        tokens = ClientCredentialsTokenProvider(
            http,
            settings.spotify_accounts_url,
            settings.spotify_client_id or "",
            settings.spotify_client_secret.get_secret_value(),
        )
        yield SpotifyClient(http, settings.spotify_api_url, tokens)
