"""Spotify clients for services and job handlers, from the settings in force at each call
(matches ``tonearm.domain.playlists.access.SpotifyAccess``: ``services["spotify_access"]``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tonearm.config import Settings
from tonearm.domain.providers.clients import ProviderClients
from tonearm.domain.settings import load_effective_settings
from tonearm.domain.spotify.status import ensure_pro
from tonearm.integrations.spotify import SpotifyClient
from tonearm.kit.crypto import SecretBox

__all__ = ["ProviderSpotifyAccess"]


class ProviderSpotifyAccess:
    """Opens a user client (PRO; ``CredentialsMissing`` otherwise) or an app client, both
    through the gateway, re-reading the effective settings every time."""

    def __init__(self, clients: ProviderClients, base: Settings, box: SecretBox) -> None:
        self._clients = clients
        self._base = base
        self._box = box

    async def effective_settings(self) -> Settings:
        """The settings in force now (API-stored values win)."""
        async with self._clients.db.transaction(readonly=True) as session:
            effective, _ = await load_effective_settings(session, self._base, self._box)
        return effective

    @asynccontextmanager
    async def user_client(self) -> AsyncIterator[SpotifyClient]:
        """The authorised account's client; ``CredentialsMissing`` while PRO is unavailable."""
        settings = await self.effective_settings()
        async with self._clients.db.transaction(readonly=True) as session:
            await ensure_pro(session, settings, self._box)
        yield self._clients.spotify_user(settings, self._box)

    @asynccontextmanager
    async def app_client(self) -> AsyncIterator[SpotifyClient]:
        """A client on an app token (needs client id and secret)."""
        settings = await self.effective_settings()
        yield self._clients.spotify_app(settings)
