"""How playlist sync and imports reach Spotify: a user client (PRO) and an app client.

The composition root provides a :class:`SpotifyAccess` (``services["spotify_access"]``);
tests provide one pointed at the emulator. Without one, :class:`SettingsSpotifyAccess`
offers the app client from client credentials and no user client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Any, Protocol

import httpx

from tonearm.config import Settings
from tonearm.errors import CredentialsMissing
from tonearm.integrations.spotify import (
    ClientCredentialsTokenProvider,
    Playlist,
    PlaylistItem,
    PlaylistSummary,
    SimplifiedTrack,
    SpotifyClient,
    Track,
)

__all__ = ["SettingsSpotifyAccess", "SpotifyAccess", "SpotifyReader", "access_from"]


class SpotifyReader(Protocol):
    """The Spotify reads playlists and imports need (``SpotifyClient`` provides them)."""

    def iter_my_playlists(self) -> AsyncIterator[PlaylistSummary]:
        """The user's playlists."""

    async def get_playlist(self, playlist_id: str) -> Playlist:
        """A playlist and its snapshot id."""

    def iter_playlist_items(self, playlist_id: str) -> AsyncIterator[PlaylistItem]:
        """Every track of a playlist."""

    async def get_track(self, track_id: str) -> Track:
        """One track."""

    def iter_album_tracks(self, album_id: str) -> AsyncIterator[SimplifiedTrack]:
        """An album's tracks."""


class SpotifyAccess(Protocol):
    """Opens Spotify clients; each raises :class:`CredentialsMissing` when it cannot."""

    def user_client(self) -> AbstractAsyncContextManager[SpotifyReader]:
        """A client acting for the authorised user (PRO)."""

    def app_client(self) -> AbstractAsyncContextManager[SpotifyReader]:
        """A client on an app token (public data only)."""


class SettingsSpotifyAccess:
    """App client from the configured client credentials; no user client."""

    def __init__(self, settings: Settings, http: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self.http = http

    @asynccontextmanager
    async def user_client(self) -> AsyncIterator[SpotifyReader]:
        """Always refused here: user authorisation lives with the Spotify account service."""
        raise CredentialsMissing()
        yield  # pragma: no cover

    @asynccontextmanager
    async def app_client(self) -> AsyncIterator[SpotifyReader]:
        """A client on an app token, if client credentials are configured."""
        settings = self.settings
        if not settings.spotify_client_id or settings.spotify_client_secret is None:
            raise CredentialsMissing("Spotify client credentials are not configured")
        async with AsyncExitStack() as stack:
            http = self.http
            if http is None:
                http = await stack.enter_async_context(httpx.AsyncClient())
            tokens = ClientCredentialsTokenProvider(
                http,
                settings.spotify_accounts_url,
                settings.spotify_client_id,
                settings.spotify_client_secret.get_secret_value(),
            )
            yield SpotifyClient(http, settings.spotify_api_url, tokens)


def access_from(services: Any, settings: Settings) -> SpotifyAccess:
    """The access in a services mapping (``"spotify_access"``), else one from settings."""
    found = services.get("spotify_access") if hasattr(services, "get") else None
    return found if found is not None else SettingsSpotifyAccess(settings)
