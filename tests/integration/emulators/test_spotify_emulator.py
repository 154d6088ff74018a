"""Spotify emulator behaviour that the client tests do not reach directly."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from tests.integration.integrations.spotify.factories import (
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT_URI,
    authorize_user,
    create_spotify_data,
    create_spotify_id,
    write_data,
)
from tonearm.emulators._common import FaultRule
from tonearm.emulators.spotify import create_spotify_emulator
from tonearm.integrations.spotify import oauth

BASE = "http://spotify.test"
KARMA_POLICE = create_spotify_id("track:OK Computer:Karma Police")


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    return write_data(tmp_path / "spotify.json", create_spotify_data(big_playlist_size=3))


@pytest.fixture
def emulator(data_path: Path) -> Starlette:
    return create_spotify_emulator(data_path)


@pytest.fixture
async def http(emulator: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=emulator)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


async def _user_headers(http: httpx.AsyncClient) -> dict[str, str]:
    tokens = await authorize_user(http, BASE)
    return {"Authorization": f"Bearer {tokens.access_token}"}


class TestBearerTokens:
    async def test_missing_and_unknown_tokens(self, http: httpx.AsyncClient) -> None:
        missing = await http.get("/v1/me")
        assert missing.status_code == 401
        assert missing.json() == {"error": {"status": 401, "message": "No token provided"}}
        unknown = await http.get("/v1/me", headers={"Authorization": "Bearer nope"})
        assert unknown.json()["error"]["message"] == "Invalid access token"

    async def test_token_expires_after_ttl(
        self, http: httpx.AsyncClient, emulator: Starlette, data_path: Path
    ) -> None:
        data = json.loads(data_path.read_text())
        data["token_ttl_s"] = 5
        write_data(data_path, data)
        tokens = await authorize_user(http, BASE)
        headers = {"Authorization": f"Bearer {tokens.access_token}"}
        assert (await http.get("/v1/me", headers=headers)).status_code == 200
        start = emulator.state.auth.clock()
        emulator.state.auth.clock = lambda: start + 6
        expired = await http.get("/v1/me", headers=headers)
        assert expired.status_code == 401
        assert expired.json()["error"]["message"] == "The access token expired"

    async def test_app_token_cannot_read_user_routes(self, http: httpx.AsyncClient) -> None:
        tokens = await oauth.client_credentials(http, BASE, CLIENT_ID, CLIENT_SECRET)
        headers = {"Authorization": f"Bearer {tokens.access_token}"}
        for path in ("/v1/me", "/v1/me/playlists", "/v1/me/tracks"):
            assert (await http.get(path, headers=headers)).status_code == 403
        assert (await http.get(f"/v1/tracks/{KARMA_POLICE}", headers=headers)).status_code == 200


class TestTokenEndpoint:
    async def test_unsupported_grant(self, http: httpx.AsyncClient) -> None:
        response = await http.post("/api/token", data={"grant_type": "password"})
        assert response.status_code == 400
        assert response.json()["error"] == "unsupported_grant_type"

    async def test_code_without_pkce_needs_the_secret(self, http: httpx.AsyncClient) -> None:
        params = {"client_id": CLIENT_ID, "response_type": "code", "redirect_uri": REDIRECT_URI}
        location = (await http.get("/authorize", params={**params, "state": "s"})).headers[
            "location"
        ]
        code, _ = oauth.parse_redirected_url(location)
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
        refused = await http.post("/api/token", data={**form, "client_id": CLIENT_ID})
        assert refused.status_code == 401
        assert refused.json()["error"] == "invalid_client"

    async def test_unknown_client_on_authorize(self, http: httpx.AsyncClient) -> None:
        params = {"client_id": "nobody", "response_type": "code", "redirect_uri": REDIRECT_URI}
        assert (await http.get("/authorize", params=params)).status_code == 400

    async def test_wrong_response_type_redirects_with_error(self, http: httpx.AsyncClient) -> None:
        params = {"client_id": CLIENT_ID, "response_type": "token", "redirect_uri": REDIRECT_URI}
        response = await http.get("/authorize", params={**params, "state": "abc"})
        assert response.status_code == 302
        assert "error=unsupported_response_type" in response.headers["location"]
        assert "state=abc" in response.headers["location"]


class TestWebApi:
    async def test_search_limit_above_ten_is_rejected(self, http: httpx.AsyncClient) -> None:
        headers = await _user_headers(http)
        response = await http.get("/v1/search?q=a&type=track&limit=11", headers=headers)
        assert response.status_code == 400
        assert response.json()["error"]["message"] == "Invalid limit"

    async def test_search_needs_known_type_and_query(self, http: httpx.AsyncClient) -> None:
        headers = await _user_headers(http)
        assert (await http.get("/v1/search?q=a&type=show", headers=headers)).status_code == 400
        assert (await http.get("/v1/search?type=track", headers=headers)).status_code == 400

    async def test_invalid_id_is_a_bad_request(self, http: httpx.AsyncClient) -> None:
        headers = await _user_headers(http)
        response = await http.get("/v1/tracks/not-an-id", headers=headers)
        assert response.status_code == 400
        assert response.json()["error"]["message"] == "Invalid base62 id"

    @pytest.mark.parametrize(
        "path",
        [
            "/v1/tracks?ids=" + KARMA_POLICE,
            f"/v1/artists/{create_spotify_id('artist:Radiohead')}/top-tracks",
            "/v1/recommendations?seed_genres=rock",
            f"/v1/playlists/{create_spotify_id('playlist:wishlist')}/tracks",
        ],
    )
    async def test_removed_endpoints_are_not_found(
        self, http: httpx.AsyncClient, path: str
    ) -> None:
        response = await http.get(path, headers=await _user_headers(http))
        assert response.status_code == 404
        assert response.json()["error"]["status"] == 404

    async def test_unknown_image_is_not_found(self, http: httpx.AsyncClient) -> None:
        assert (await http.get("/images/nothing.jpg")).status_code == 404


class TestDataFile:
    async def test_edits_are_served_and_broken_files_ignored(
        self, http: httpx.AsyncClient, data_path: Path
    ) -> None:
        headers = await _user_headers(http)
        data = json.loads(data_path.read_text())
        data["users"][0]["display_name"] = "Renamed"
        write_data(data_path, data)
        assert (await http.get("/v1/me", headers=headers)).json()["display_name"] == "Renamed"
        data_path.write_text("{ half written")
        assert (await http.get("/v1/me", headers=headers)).json()["display_name"] == "Renamed"


class TestFaults:
    async def test_times_counts_down_and_method_must_match(
        self, http: httpx.AsyncClient, emulator: Starlette
    ) -> None:
        emulator.state.faults.replace(
            [
                FaultRule(match="GET /v1/*", status=500, times=2),
                FaultRule(match="POST /x", status=503),
            ]
        )
        assert (await http.get("/v1/me")).status_code == 500
        assert emulator.state.faults.describe()[0]["times"] == 1
        assert (await http.get("/v1/me")).status_code == 500
        assert (await http.get("/v1/me")).status_code == 401
        assert [r["match"] for r in emulator.state.faults.describe()] == ["POST /x"]

    async def test_delay_only_rule_passes_through(
        self, http: httpx.AsyncClient, emulator: Starlette
    ) -> None:
        emulator.state.faults.replace([FaultRule(match="* /v1/me", delay_ms=5, times=1)])
        assert (await http.get("/v1/me")).status_code == 401

    async def test_faults_file_is_loaded(self, data_path: Path, tmp_path: Path) -> None:
        faults = tmp_path / "faults.json"
        faults.write_text(json.dumps({"rules": [{"match": "GET /v1/me", "status": 503}]}))
        app = create_spotify_emulator(data_path, faults)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as c:
            response = await c.get("/v1/me")
        assert response.status_code == 503
        assert response.json()["error"]["status"] == 503
