"""A Spotify emulator in process and a SpotifyAccess on it (user and app tokens)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.integration.integrations.spotify.factories import (
    CLIENT_ID,
    CLIENT_SECRET,
    authorize_user,
    create_spotify_data,
    write_data,
)
from tonearm.db.base import utcnow
from tonearm.domain.spotify import save_tokens
from tonearm.emulators.spotify import create_spotify_emulator
from tonearm.integrations.spotify import (
    ClientCredentialsTokenProvider,
    SpotifyClient,
    UserTokenProvider,
)
from tonearm.integrations.spotify.oauth import TokenSet

BASE = "http://spotify.test"
API = f"{BASE}/v1"
PRO_SETTINGS: dict[str, Any] = {
    "spotify_client_id": CLIENT_ID,
    "spotify_client_secret": CLIENT_SECRET,
}
"""Settings overrides that, with :func:`grant_pro`, put an app in PRO mode."""


class EmulatorAccess:
    """User and app clients on the in-process emulator."""

    def __init__(self, http: httpx.AsyncClient, tokens: TokenSet | None) -> None:
        self.http = http
        self.tokens = tokens

    @asynccontextmanager
    async def user_client(self) -> AsyncIterator[SpotifyClient]:
        assert self.tokens is not None
        provider = UserTokenProvider(self.http, BASE, CLIENT_ID, self.tokens)
        yield SpotifyClient(self.http, API, provider)

    @asynccontextmanager
    async def app_client(self) -> AsyncIterator[SpotifyClient]:
        provider = ClientCredentialsTokenProvider(self.http, BASE, CLIENT_ID, CLIENT_SECRET)
        yield SpotifyClient(self.http, API, provider)


@asynccontextmanager
async def spotify_emulator(
    tmp_path: Path, data: dict[str, Any] | None = None
) -> AsyncIterator[tuple[EmulatorAccess, Path, dict[str, Any]]]:
    """The emulator on a data file; yields (access, data path, data)."""
    data = data or create_spotify_data()
    path = write_data(tmp_path / "spotify.json", data)
    emulator = create_spotify_emulator(path)
    transport = httpx.ASGITransport(app=emulator)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        tokens = await authorize_user(http, BASE)
        yield EmulatorAccess(http, tokens), path, data


async def authorize_pro(api: httpx.AsyncClient, emulator: Any) -> None:
    """PRO mode through the app's OAuth routes; the emulator's /authorize consents at once."""
    started = await api.post("/api/v1/spotify/oauth/start")
    assert started.status_code == 200, started.text
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emulator)) as browser:
        consent = await browser.get(started.json()["authorization_url"])
    redirected = httpx.URL(consent.headers["location"])
    done = await api.get("/api/v1/spotify/oauth/callback", params=dict(redirected.params))
    assert done.status_code == 200, done.text


async def grant_pro(services: Any, tokens: TokenSet | None = None) -> None:
    """PRO mode without the consent flow: store tokens issued to the configured client id
    (the app needs :data:`PRO_SETTINGS`); placeholder tokens unless ``tokens`` is given."""
    tokens = tokens or TokenSet(
        access_token="placeholder-access",
        refresh_token="placeholder-refresh",
        expires_at=utcnow() + timedelta(hours=1),
    )
    async with services.db.transaction() as session:
        await save_tokens(session, services.box, services.settings.spotify_client_id, tokens)
