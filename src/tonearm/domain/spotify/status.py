"""Spotify modes: FREE (no credentials), client credentials (catalogue and public playlists)
and PRO (an authorised account). Always computed from the settings in force, never cached."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.domain.spotify.tokens import load_tokens
from tonearm.errors import CredentialsMissing
from tonearm.kit.crypto import SecretBox

__all__ = [
    "SpotifyStatus",
    "client_credentials",
    "credentials_configured",
    "ensure_pro",
    "spotify_status",
]


class SpotifyStatus(BaseModel):
    """What ``GET /api/v1/spotify/status`` answers."""

    mode: Literal["pro", "free"]
    credentials_configured: bool
    authorized: bool
    pro_available: bool


def client_credentials(settings: Settings) -> tuple[str, str] | None:
    """``(client_id, client_secret)`` when both are set, else None."""
    secret = settings.spotify_client_secret
    if not settings.spotify_client_id or secret is None or not secret.get_secret_value():
        return None
    return settings.spotify_client_id, secret.get_secret_value()


def credentials_configured(settings: Settings) -> bool:
    """Whether a client id and secret are configured."""
    return client_credentials(settings) is not None


async def spotify_status(
    session: AsyncSession, settings: Settings, box: SecretBox
) -> SpotifyStatus:
    """The mode in force: PRO needs client credentials AND tokens issued to that client id."""
    configured = credentials_configured(settings)
    stored = await load_tokens(session, box)
    authorized = (
        stored is not None
        and stored.tokens.refresh_token is not None
        and stored.client_id == settings.spotify_client_id
    )
    pro = configured and authorized
    return SpotifyStatus(
        mode="pro" if pro else "free",
        credentials_configured=configured,
        authorized=authorized,
        pro_available=pro,
    )


async def ensure_pro(session: AsyncSession, settings: Settings, box: SecretBox) -> SpotifyStatus:
    """The status, or ``CredentialsMissing`` while PRO is unavailable."""
    status = await spotify_status(session, settings, box)
    if not status.pro_available:
        reason = (
            "configure a Spotify client id and secret"
            if not status.credentials_configured
            else "authorise a Spotify account (POST /api/v1/spotify/oauth/start)"
        )
        raise CredentialsMissing(
            f"Spotify PRO mode is unavailable: {reason}", details=status.model_dump()
        )
    return status
