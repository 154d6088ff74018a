"""The client against the emulator behind a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.integrations.spotify.factories import (
    BIG_PLAYLIST_ID,
    CLIENT_ID,
    authorize_user,
)
from tests.support.servers import LiveServer
from tonearm.emulators._common import FaultRule
from tonearm.emulators.spotify import create_spotify_emulator
from tonearm.integrations.spotify import (
    SpotifyClient,
    SpotifyRateLimited,
    SpotifyUnavailable,
    UserTokenProvider,
)


@pytest.fixture
def live(data_path: Path) -> Iterator[tuple[LiveServer, object]]:
    app = create_spotify_emulator(data_path)
    with LiveServer(app) as server:
        yield server, app


async def test_pagination_and_faults_over_real_http(live: tuple[LiveServer, object]) -> None:
    server, app = live
    async with httpx.AsyncClient() as http:
        tokens = await authorize_user(http, server.url)
        provider = UserTokenProvider(http, server.url, CLIENT_ID, tokens)
        client = SpotifyClient(http, f"{server.url}/v1", provider)
        items = [i async for i in client.iter_playlist_items(BIG_PLAYLIST_ID)]
        assert len(items) == 260

        faults = app.state.faults  # type: ignore[attr-defined]
        faults.replace([FaultRule(match="GET /v1/me", status=429, retry_after=120, times=1)])
        with pytest.raises(SpotifyRateLimited) as caught:
            await client.get_me()
        assert caught.value.retry_after == 120.0

        faults.replace([FaultRule(match="GET /v1/me", drop=True, times=1)])
        with pytest.raises(SpotifyUnavailable):
            await client.get_me()
        assert (await client.get_me()).display_name == "Demo Listener"


async def test_faults_admin_route_over_real_http(live: tuple[LiveServer, object]) -> None:
    server, _ = live
    async with httpx.AsyncClient(base_url=server.url) as http:
        rules = {"rules": [{"match": "GET /v1/search", "status": 503, "times": 1}]}
        assert (await http.post("/_emulator/faults", json=rules)).status_code == 200
        listed = (await http.get("/_emulator/faults")).json()["rules"]
        assert listed[0]["match"] == "GET /v1/search"
        assert (await http.get("/v1/search")).status_code == 503
        assert (await http.get("/v1/search")).status_code == 401  # the rule ran out
        await http.post("/_emulator/faults", json=rules)
        assert (await http.delete("/_emulator/faults")).json() == {"rules": []}
        bad = await http.post("/_emulator/faults", json={"rules": [{"match": 1, "status": 99}]})
        assert bad.status_code == 400


async def test_unreachable_server_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def token() -> str:
        return "t"

    async with httpx.AsyncClient() as http:
        client = SpotifyClient(http, f"http://127.0.0.1:{port}/v1", token)
        with pytest.raises(SpotifyUnavailable):
            await client.get_me()
