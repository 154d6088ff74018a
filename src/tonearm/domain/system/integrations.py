"""Checks of the configured integrations (slskd, Spotify) for ``tonearm doctor``."""

from __future__ import annotations

import httpx

from tonearm.config import Settings
from tonearm.domain.spotify import REDIRECT_RULES, client_credentials, redirect_uri_problems
from tonearm.domain.system.checks import Check
from tonearm.integrations.slskd import SlskdAuthError, SlskdClient, SlskdError
from tonearm.integrations.spotify import SpotifyError
from tonearm.integrations.spotify import oauth as spotify_oauth

__all__ = ["check_redirect_uri", "check_slskd", "check_spotify", "run_integration_checks"]


async def check_slskd(settings: Settings, http: httpx.AsyncClient) -> Check:
    """slskd reachable, its version, and whether it is logged in to Soulseek."""
    if not settings.slskd_url:
        return Check("slskd", "skipped", "TONEARM_SLSKD_URL not set")
    if settings.slskd_api_key is None:
        return Check("slskd", "fail", "TONEARM_SLSKD_API_KEY not set")
    client = SlskdClient(http, settings.slskd_url, settings.slskd_api_key.get_secret_value())
    try:
        application = await client.get_application()
        server = await client.get_server_state()
    except SlskdAuthError:
        return Check("slskd", "fail", "slskd refused the API key")
    except SlskdError as exc:
        return Check("slskd", "fail", f"slskd unreachable at {settings.slskd_url}: {exc}")
    version = application.version.current
    if not server.is_logged_in:
        return Check("slskd", "warn", f"slskd {version} reachable but not logged in to Soulseek")
    return Check("slskd", "ok", f"slskd {version}, logged in as {server.username}")


async def check_spotify(settings: Settings, http: httpx.AsyncClient) -> Check:
    """The client id and secret obtain a client-credentials token."""
    credentials = client_credentials(settings)
    if credentials is None:
        if settings.spotify_client_id or settings.spotify_client_secret:
            return Check("spotify", "fail", "set both the Spotify client id and secret")
        return Check("spotify", "skipped", "FREE mode: no client id/secret configured")
    try:
        await spotify_oauth.client_credentials(http, settings.spotify_accounts_url, *credentials)
    except SpotifyError as exc:
        return Check("spotify", "fail", f"Spotify refused the client credentials: {exc}")
    return Check("spotify", "ok", "client credentials valid (catalogue and public playlists)")


def check_redirect_uri(settings: Settings) -> Check:
    """The OAuth redirect URI against Spotify's 2026 rules, with the rules explained."""
    uri = settings.spotify_redirect_uri
    if client_credentials(settings) is None:
        return Check("spotify_redirect_uri", "skipped", "PRO mode not configured")
    problems = redirect_uri_problems(uri)
    if problems:
        return Check(
            "spotify_redirect_uri", "fail", f"{uri}: {'; '.join(problems)}. {REDIRECT_RULES}"
        )
    return Check(
        "spotify_redirect_uri",
        "ok",
        f"{uri} (register exactly this URI in the Spotify app; {REDIRECT_RULES})",
    )


async def run_integration_checks(settings: Settings) -> list[Check]:
    """One verdict per integration; unconfigured ones are skipped."""
    timeout = httpx.Timeout(10.0, connect=5.0)
    async with httpx.AsyncClient(timeout=timeout) as http:
        return [
            await check_slskd(settings, http),
            await check_spotify(settings, http),
            check_redirect_uri(settings),
        ]
