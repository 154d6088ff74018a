"""The PRO authorization: start (state + PKCE verifier stored, single-use, 10 minutes), then
complete from the callback or from a pasted redirected URL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import OAuthState
from tonearm.domain.spotify.status import client_credentials
from tonearm.domain.spotify.tokens import save_tokens
from tonearm.errors import CredentialsMissing, DependencyError, ValidationFailed
from tonearm.integrations.spotify import InvalidRedirectUrlError, SpotifyError, SpotifyOAuthError
from tonearm.integrations.spotify import oauth as spotify_oauth
from tonearm.kit.crypto import SecretBox

__all__ = [
    "REDIRECT_RULES",
    "SCOPES",
    "STATE_TTL",
    "AuthorizationStart",
    "complete_authorization",
    "complete_from_redirected_url",
    "redirect_uri_problems",
    "start_authorization",
]

STATE_TTL = timedelta(minutes=10)
SCOPES = (
    "playlist-read-private",
    "playlist-read-collaborative",
    "user-library-read",
    "user-follow-read",
    "user-read-private",
)
REDIRECT_RULES = (
    "Spotify (2026) accepts a redirect URI only over https, or over plain http on a loopback "
    "IP literal such as http://127.0.0.1:8080/api/v1/spotify/oauth/callback; 'localhost' is "
    "refused. Register exactly the same URI in the Spotify app's settings."
)


class AuthorizationStart(BaseModel):
    """Where to send the person, and the state that ties the redirect back."""

    authorization_url: str
    state: str


def redirect_uri_problems(uri: str) -> list[str]:
    """What is wrong with ``uri`` under the 2026 rules (empty: acceptable)."""
    return spotify_oauth.validate_redirect_uri(uri)


async def start_authorization(
    session: AsyncSession,
    settings: Settings,
    box: SecretBox,
    clock: Callable[[], datetime] = utcnow,
) -> AuthorizationStart:
    """Store a fresh state and PKCE verifier; return the consent URL."""
    credentials = client_credentials(settings)
    if credentials is None:
        raise CredentialsMissing("configure a Spotify client id and secret first")
    problems = redirect_uri_problems(settings.spotify_redirect_uri)
    if problems:
        raise ValidationFailed(
            f"the Spotify redirect URI is not accepted: {'; '.join(problems)}",
            details={"redirect_uri": settings.spotify_redirect_uri, "rules": REDIRECT_RULES},
        )
    now = clock()
    await session.execute(delete(OAuthState).where(OAuthState.expires_at < now))
    verifier = spotify_oauth.generate_code_verifier()
    state = spotify_oauth.generate_state()
    session.add(
        OAuthState(
            state=state,
            code_verifier=box.encrypt(verifier),
            client_id=credentials[0],
            redirect_uri=settings.spotify_redirect_uri,
            created_at=now,
            expires_at=now + STATE_TTL,
        )
    )
    await session.flush()
    url = spotify_oauth.build_authorize_url(
        settings.spotify_accounts_url,
        credentials[0],
        settings.spotify_redirect_uri,
        state,
        spotify_oauth.code_challenge_s256(verifier),
        SCOPES,
    )
    return AuthorizationStart(authorization_url=url, state=state)


async def _consume_state(
    db: Database, box: SecretBox, state: str, now: datetime
) -> tuple[str, str, str]:
    """Mark ``state`` used (committed before any exchange); (verifier, client_id, redirect)."""
    async with db.transaction() as session:
        query = select(OAuthState).where(OAuthState.state == state)
        if db.dialect == "postgresql":
            query = query.with_for_update()
        row = (await session.execute(query)).scalar()
        if row is None or row.used_at is not None or row.expires_at <= now:
            raise ValidationFailed(
                "unknown, expired or already used authorization state: start again",
                details={"state": "invalid"},
            )
        row.used_at = now
        return box.decrypt(row.code_verifier), row.client_id, row.redirect_uri


async def complete_authorization(
    db: Database,
    box: SecretBox,
    http: httpx.AsyncClient,
    settings: Settings,
    code: str,
    state: str,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """Consume the state, trade the code for tokens and store them encrypted."""
    credentials = client_credentials(settings)
    if credentials is None:
        raise CredentialsMissing("configure a Spotify client id and secret first")
    verifier, client_id, redirect_uri = await _consume_state(db, box, state, clock())
    if client_id != credentials[0]:
        raise ValidationFailed("the authorization was started for another Spotify client id")
    try:
        tokens = await spotify_oauth.exchange_code(
            http,
            settings.spotify_accounts_url,
            client_id,
            code,
            redirect_uri,
            verifier,
            credentials[1],
        )
    except SpotifyOAuthError as exc:
        raise ValidationFailed(f"Spotify refused the authorization code: {exc}") from exc
    except SpotifyError as exc:
        raise DependencyError(f"Spotify accounts service failed: {exc}") from exc
    async with db.transaction() as session:
        await save_tokens(session, box, client_id, tokens)


async def complete_from_redirected_url(
    db: Database,
    box: SecretBox,
    http: httpx.AsyncClient,
    settings: Settings,
    redirected_url: str,
) -> None:
    """The manual fallback: the person pastes the URL the browser was redirected to."""
    try:
        code, state = spotify_oauth.parse_redirected_url(redirected_url)
    except InvalidRedirectUrlError as exc:
        raise ValidationFailed(str(exc)) from exc
    await complete_authorization(db, box, http, settings, code, state)
