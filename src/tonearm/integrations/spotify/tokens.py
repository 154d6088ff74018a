"""Token providers for `SpotifyClient`: a user's rotating tokens, or an app token."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx

from tonearm.integrations.spotify import oauth
from tonearm.integrations.spotify.errors import SpotifyAuthError
from tonearm.integrations.spotify.oauth import TokenSet

__all__ = ["ClientCredentialsTokenProvider", "UserTokenProvider"]

_EXPIRY_MARGIN_S = 60.0


class UserTokenProvider:
    """Keeps a user's access token fresh; each refresh rotates the refresh token, so the
    new `TokenSet` is handed to `on_refresh` to be persisted before it is used."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        accounts_url: str,
        client_id: str,
        tokens: TokenSet,
        *,
        client_secret: str | None = None,
        on_refresh: Callable[[TokenSet], Awaitable[None]] | None = None,
    ) -> None:
        self._http = http
        self._accounts_url = accounts_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._tokens = tokens
        self._on_refresh = on_refresh
        self._stale = False
        self._lock = asyncio.Lock()

    @property
    def tokens(self) -> TokenSet:
        """The current tokens."""
        return self._tokens

    async def get_token(self) -> str:
        """A valid access token, refreshed when expired (or invalidated)."""
        async with self._lock:
            if self._stale or self._tokens.expires_within(_EXPIRY_MARGIN_S):
                await self._refresh()
            return self._tokens.access_token

    def invalidate(self) -> None:
        """Mark the current access token as refused; the next call refreshes."""
        self._stale = True

    async def _refresh(self) -> None:
        if not self._tokens.refresh_token:
            raise SpotifyAuthError("the access token expired and there is no refresh token")
        self._tokens = await oauth.refresh(
            self._http,
            self._accounts_url,
            self._client_id,
            self._tokens.refresh_token,
            self._client_secret,
        )
        self._stale = False
        if self._on_refresh is not None:
            await self._on_refresh(self._tokens)


class ClientCredentialsTokenProvider:
    """An app token (public catalogue and public playlists), fetched again when it expires."""

    def __init__(
        self, http: httpx.AsyncClient, accounts_url: str, client_id: str, client_secret: str
    ) -> None:
        self._http = http
        self._accounts_url = accounts_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._tokens: TokenSet | None = None
        self._lock = asyncio.Lock()

    async def get_token(self) -> str:
        """A valid app token."""
        async with self._lock:
            if self._tokens is None or self._tokens.expires_within(_EXPIRY_MARGIN_S):
                self._tokens = await oauth.client_credentials(
                    self._http, self._accounts_url, self._client_id, self._client_secret
                )
            return self._tokens.access_token

    def invalidate(self) -> None:
        """Drop the token; the next call fetches a new one."""
        self._tokens = None
