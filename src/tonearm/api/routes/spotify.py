"""Spotify status, the OAuth (PKCE) routes and the ``require_pro`` dependency."""

from __future__ import annotations

from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from tonearm.api.deps import DbSession, EffectiveSettings, Services, ServicesDep
from tonearm.config import Settings
from tonearm.domain.providers import ProviderClients
from tonearm.domain.settings import load_effective_settings
from tonearm.domain.spotify import (
    AuthorizationStart,
    SpotifyStatus,
    complete_authorization,
    complete_from_redirected_url,
    ensure_pro,
    spotify_status,
    start_authorization,
)
from tonearm.errors import ValidationFailed

__all__ = [
    "FreshSettings",
    "RequirePro",
    "provider_clients",
    "require_pro",
    "router",
    "settings_outside_transaction",
]

router = APIRouter(prefix="/api/v1/spotify", tags=["spotify"])
_NO_STORE = {"Cache-Control": "no-store"}


def provider_clients(services: Services) -> ProviderClients:
    """The app's provider clients (built by the composition root)."""
    clients: ProviderClients = services.extras["providers"]
    return clients


async def require_pro(
    services: ServicesDep, session: DbSession, settings: EffectiveSettings
) -> Settings:
    """Dependency of PRO-only routes: ``409 CREDENTIALS_MISSING`` while PRO is unavailable.

    Returns the effective settings; get the user's client with
    ``provider_clients(services).spotify_user(settings, services.box)``.
    """
    await ensure_pro(session, settings, services.box)
    return settings


RequirePro = Annotated[Settings, Depends(require_pro)]


async def settings_outside_transaction(services: ServicesDep) -> Settings:
    """The effective settings, read in a short read-only transaction of its own.

    Routes that call a provider use it instead of the request's transaction: no write lock may
    be held while the gateway records an outcome (SQLite has one writer at a time).
    """
    async with services.db.transaction(readonly=True) as session:
        effective, _ = await load_effective_settings(session, services.settings, services.box)
    return effective


FreshSettings = Annotated[Settings, Depends(settings_outside_transaction)]


class AuthorizationDone(BaseModel):
    """The account is authorised (PRO available while the credentials stay configured)."""

    authorized: bool


class RedirectedUrl(BaseModel):
    """The full URL the browser was sent to after consent (manual fallback)."""

    redirected_url: str


@router.get("/status", response_model=SpotifyStatus)
async def status(
    services: ServicesDep, session: DbSession, settings: EffectiveSettings, response: Response
) -> SpotifyStatus:
    """Mode, credentials and authorisation, from the settings in force (never cached)."""
    response.headers.update(_NO_STORE)
    return await spotify_status(session, settings, services.box)


@router.post("/oauth/start", response_model=AuthorizationStart)
async def oauth_start(
    services: ServicesDep, session: DbSession, settings: EffectiveSettings
) -> AuthorizationStart:
    """Begin the authorization (code + PKCE); open ``authorization_url`` in a browser."""
    return await start_authorization(session, settings, services.box)


@router.get(
    "/oauth/callback",
    response_model=AuthorizationDone,
    responses={422: {"description": "unknown, expired or reused state"}},
)
async def oauth_callback(
    request: Request,
    services: ServicesDep,
    settings: FreshSettings,
    code: Annotated[str | None, Query()] = None,
    state: Annotated[str | None, Query()] = None,
    error: Annotated[str | None, Query()] = None,
) -> Any:
    """Where Spotify redirects after consent; the state is single-use and expires."""
    if error:
        raise ValidationFailed(f"Spotify refused the authorization: {error}")
    if not code or not state:
        raise ValidationFailed("the callback needs both 'code' and 'state'")
    clients = provider_clients(services)
    await complete_authorization(
        services.db, services.box, clients.http("spotify"), settings, code, state
    )
    if "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(_DONE_PAGE)
    return AuthorizationDone(authorized=True)


@router.post("/oauth/complete", response_model=AuthorizationDone)
async def oauth_complete(
    body: RedirectedUrl, services: ServicesDep, settings: FreshSettings
) -> AuthorizationDone:
    """Manual fallback: paste the URL the browser was redirected to (e.g. on a LAN install)."""
    clients = provider_clients(services)
    await complete_from_redirected_url(
        services.db, services.box, clients.http("spotify"), settings, body.redirected_url
    )
    return AuthorizationDone(authorized=True)


_DONE_PAGE = f"""<!doctype html><html><head><meta charset="utf-8">
<title>Tonearm</title></head><body><h1>Spotify is connected</h1>
<p>{escape("Tonearm may now read your playlists. You can close this tab.")}</p></body></html>"""
