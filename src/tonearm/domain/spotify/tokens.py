"""The PRO account's tokens: encrypted at rest, refreshed by one process at a time.

With PKCE every refresh rotates the refresh token and kills the old one, so a refresh runs
inside a write transaction that locks the token row (``FOR UPDATE`` on PostgreSQL, ``BEGIN
IMMEDIATE`` on SQLite) and stores the new pair before committing. A process that waited for
the lock re-reads the row and adopts the fresh token instead of refreshing with a dead one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import SpotifyToken
from tonearm.integrations.spotify import SpotifyAuthError, TokenSet
from tonearm.integrations.spotify import oauth as spotify_oauth
from tonearm.kit.crypto import SecretBox

__all__ = ["DbUserTokenProvider", "StoredTokens", "delete_tokens", "load_tokens", "save_tokens"]

_ROW_ID = 1
_EXPIRY_MARGIN_S = 60.0


@dataclass(frozen=True)
class StoredTokens:
    """Decrypted tokens and the client id they were issued to."""

    client_id: str
    tokens: TokenSet


def _decode(row: SpotifyToken, box: SecretBox) -> StoredTokens:
    refresh = box.decrypt(row.refresh_token) if row.refresh_token else None
    tokens = TokenSet(
        access_token=box.decrypt(row.access_token),
        refresh_token=refresh,
        expires_at=row.expires_at,
        scope=row.scope,
    )
    return StoredTokens(client_id=row.client_id, tokens=tokens)


async def load_tokens(
    session: AsyncSession, box: SecretBox, *, for_update: bool = False
) -> StoredTokens | None:
    """The stored tokens, or None when no account is authorised."""
    query = select(SpotifyToken).where(SpotifyToken.id == _ROW_ID)
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    row = (await session.execute(query.execution_options(populate_existing=True))).scalar()
    return _decode(row, box) if row is not None else None


async def save_tokens(
    session: AsyncSession, box: SecretBox, client_id: str, tokens: TokenSet
) -> None:
    """Store (replace) the account's tokens, encrypted."""
    row = await session.get(SpotifyToken, _ROW_ID)
    if row is None:
        row = SpotifyToken(id=_ROW_ID, created_at=utcnow())
        session.add(row)
    row.client_id = client_id
    row.access_token = box.encrypt(tokens.access_token)
    row.refresh_token = box.encrypt(tokens.refresh_token) if tokens.refresh_token else None
    row.expires_at = tokens.expires_at
    row.scope = tokens.scope
    row.updated_at = utcnow()
    await session.flush()


async def delete_tokens(session: AsyncSession) -> None:
    """Forget the authorised account."""
    await session.execute(delete(SpotifyToken))


class DbUserTokenProvider:
    """A ``TokenProvider`` for ``SpotifyClient`` backed by the shared, encrypted token row."""

    def __init__(
        self,
        db: Database,
        box: SecretBox,
        http: httpx.AsyncClient,
        *,
        accounts_url: str,
        client_id: str,
        client_secret: str | None,
    ) -> None:
        self._db = db
        self._box = box
        self._http = http
        self._accounts_url = accounts_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._current: TokenSet | None = None
        self._refused: str | None = None
        self._lock = asyncio.Lock()

    async def get_token(self) -> str:
        """A valid access token: cached, else the stored one, else a serialised refresh."""
        async with self._lock:
            current = self._current
            if current is not None and self._usable(current):
                return current.access_token
            async with self._db.transaction(readonly=True) as session:
                stored = await load_tokens(session, self._box)
            self._current = self._check_client(stored)
            if not self._usable(self._current):
                self._current = await self._refresh_locked()
            return self._current.access_token

    def invalidate(self) -> None:
        """The API refused the current access token: the next call refreshes it."""
        if self._current is not None:
            self._refused = self._current.access_token
        self._current = None

    def _usable(self, tokens: TokenSet | None) -> bool:
        return (
            tokens is not None
            and tokens.access_token != self._refused
            and not tokens.expires_within(_EXPIRY_MARGIN_S)
        )

    def _check_client(self, stored: StoredTokens | None) -> TokenSet:
        if stored is None or stored.client_id != self._client_id:
            raise SpotifyAuthError("no Spotify account is authorised for this client id")
        return stored.tokens

    async def _refresh_locked(self) -> TokenSet:
        async with self._db.transaction() as session:
            tokens = self._check_client(await load_tokens(session, self._box, for_update=True))
            if self._usable(tokens):  # another process refreshed while we waited
                return tokens
            if not tokens.refresh_token:
                raise SpotifyAuthError("the access token expired and there is no refresh token")
            fresh = await spotify_oauth.refresh(
                self._http,
                self._accounts_url,
                self._client_id,
                tokens.refresh_token,
                self._client_secret,
            )
            await save_tokens(session, self._box, self._client_id, fresh)
        self._refused = None
        return fresh
