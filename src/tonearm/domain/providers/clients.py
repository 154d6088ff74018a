"""Client factories: SpotifyClient / SlskdClient from the EFFECTIVE settings (values stored
through the API win), every request going through the gateway on one shared connection pool."""

from __future__ import annotations

import hashlib

import httpx

from tonearm.config import Settings
from tonearm.db import Database
from tonearm.domain.providers.errors import ProviderNotConfigured
from tonearm.domain.providers.gateway import ProviderGateway
from tonearm.domain.providers.transport import GatewayTransport
from tonearm.domain.spotify.status import client_credentials
from tonearm.domain.spotify.tokens import DbUserTokenProvider
from tonearm.errors import CredentialsMissing
from tonearm.integrations.slskd import SlskdClient
from tonearm.integrations.spotify import ClientCredentialsTokenProvider, SpotifyClient
from tonearm.kit.crypto import SecretBox

__all__ = ["PROVIDERS", "ProviderClients"]

PROVIDERS = ("slskd", "spotify")


class _PoolOnFirstUse(httpx.AsyncBaseTransport):
    """The shared connection pool, made by the first request: its TLS context alone costs
    tens of milliseconds of start-up, and many starts never call a provider."""

    def __init__(self) -> None:
        self._pool: httpx.AsyncHTTPTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._pool is None:
            self._pool = httpx.AsyncHTTPTransport()
        return await self._pool.handle_async_request(request)

    async def aclose(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class ProviderClients:
    """Builds provider clients on demand; owns the shared pool (close it with ``aclose``).

    ``transport`` replaces the network (tests pass an ``httpx.ASGITransport`` of an emulator).
    """

    def __init__(
        self, gateway: ProviderGateway, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.gateway = gateway
        self._pool = transport or _PoolOnFirstUse()
        self._http = {
            name: httpx.AsyncClient(transport=GatewayTransport(self._pool, gateway, name))
            for name in PROVIDERS
        }
        # Token refreshes run while the token row is locked: no shared-state writes then.
        self._spotify_tokens_http = httpx.AsyncClient(
            transport=GatewayTransport(self._pool, gateway, "spotify", persist=False)
        )
        self._app_tokens: dict[str, ClientCredentialsTokenProvider] = {}

    @property
    def db(self) -> Database:
        """The database holding the shared provider state."""
        return self.gateway.db

    def http(self, provider: str) -> httpx.AsyncClient:
        """The gateway-wrapped HTTP client of ``provider``."""
        return self._http[provider]

    def slskd(self, settings: Settings) -> SlskdClient:
        """A slskd client for the settings in force (``ProviderNotConfigured`` without them)."""
        if not settings.slskd_url or settings.slskd_api_key is None:
            raise ProviderNotConfigured("slskd is not configured: set slskd_url and slskd_api_key")
        return SlskdClient(
            self._http["slskd"], settings.slskd_url, settings.slskd_api_key.get_secret_value()
        )

    def app_token_provider(self, settings: Settings) -> ClientCredentialsTokenProvider:
        """The (cached) client-credentials token provider of the configured Spotify app."""
        credentials = client_credentials(settings)
        if credentials is None:
            raise CredentialsMissing("configure a Spotify client id and secret")
        key = _fingerprint(settings.spotify_accounts_url, *credentials)
        provider = self._app_tokens.get(key)
        if provider is None:
            provider = ClientCredentialsTokenProvider(
                self._http["spotify"], settings.spotify_accounts_url, *credentials
            )
            self._app_tokens = {key: provider}  # credentials changed: drop the old token
        return provider

    def spotify_app(self, settings: Settings) -> SpotifyClient:
        """Catalogue and public playlists with an app token (needs client id and secret)."""
        return SpotifyClient(
            self._http["spotify"], settings.spotify_api_url, self.app_token_provider(settings)
        )

    def spotify_user(self, settings: Settings, box: SecretBox) -> SpotifyClient:
        """The authorised account's client (PRO). Check ``ensure_pro`` first for a clear 409."""
        credentials = client_credentials(settings)
        if credentials is None:
            raise CredentialsMissing("configure a Spotify client id and secret")
        tokens = DbUserTokenProvider(
            self.db,
            box,
            self._spotify_tokens_http,
            accounts_url=settings.spotify_accounts_url,
            client_id=credentials[0],
            client_secret=credentials[1],
        )
        return SpotifyClient(self._http["spotify"], settings.spotify_api_url, tokens)

    def forget_cached_tokens(self) -> None:
        """Drop cached app tokens (Spotify credentials changed)."""
        self._app_tokens = {}

    async def aclose(self) -> None:
        """Close the clients and the shared pool."""
        for client in (*self._http.values(), self._spotify_tokens_http):
            await client.aclose()
        await self._pool.aclose()
