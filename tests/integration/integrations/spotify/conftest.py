"""Fixtures: the Spotify emulator in process, an httpx client on it, a user and a client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from tests.integration.integrations.spotify.factories import (
    CLIENT_ID,
    authorize_user,
    create_spotify_data,
    write_data,
)
from tonearm.emulators.spotify import create_spotify_emulator
from tonearm.integrations.spotify import SpotifyClient, UserTokenProvider
from tonearm.integrations.spotify.oauth import TokenSet

BASE = "http://spotify.test"
API = f"{BASE}/v1"


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    return write_data(tmp_path / "spotify.json", create_spotify_data())


@pytest.fixture
def emulator(data_path: Path) -> Starlette:
    return create_spotify_emulator(data_path)


@pytest.fixture
async def http(emulator: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=emulator)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


@pytest.fixture
async def user_tokens(http: httpx.AsyncClient) -> TokenSet:
    return await authorize_user(http, BASE)


@pytest.fixture
def token_provider(http: httpx.AsyncClient, user_tokens: TokenSet) -> UserTokenProvider:
    return UserTokenProvider(http, BASE, CLIENT_ID, user_tokens)


@pytest.fixture
def client(http: httpx.AsyncClient, token_provider: UserTokenProvider) -> SpotifyClient:
    return SpotifyClient(http, API, token_provider)
