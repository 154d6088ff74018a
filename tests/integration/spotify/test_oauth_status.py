"""PRO mode end to end against the Spotify emulator: OAuth start -> /authorize -> callback,
single-use state, the manual paste flow, and status flipping on a credential change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter

from tests.conftest import serving
from tests.integration.providers.emulated import (
    Emulators,
    create_emulators,
    create_provider_app,
    create_provider_settings,
)
from tonearm.api.routes.spotify import RequirePro


@pytest.fixture
def emulators(tmp_path: Path) -> Emulators:
    return create_emulators(tmp_path)


async def _app_client(
    tmp_path: Path, db_url: str, emulators: Emulators, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    settings = create_provider_settings(tmp_path, db_url, **overrides)
    app = create_provider_app(settings, emulators)
    gated = APIRouter()

    @gated.get("/api/v1/test/pro-only")
    async def pro_only(settings: RequirePro) -> dict[str, bool]:
        return {"ok": True}

    app.include_router(gated)
    async with serving(app) as client:
        yield client


@pytest.fixture
async def client(
    tmp_path: Path, db_url: str, emulators: Emulators
) -> AsyncIterator[httpx.AsyncClient]:
    async for http in _app_client(tmp_path, db_url, emulators):
        yield http


async def _consent(emulators: Emulators, authorization_url: str) -> httpx.URL:
    """The emulator's /authorize auto-approves: the URL it redirects to."""
    transport = httpx.ASGITransport(app=emulators.spotify)
    async with httpx.AsyncClient(transport=transport) as browser:
        answer = await browser.get(authorization_url)
    assert answer.status_code in (302, 303, 307), answer.text
    return httpx.URL(answer.headers["location"])


async def _authorize(client: httpx.AsyncClient, emulators: Emulators) -> str:
    started = await client.post("/api/v1/spotify/oauth/start")
    assert started.status_code == 200, started.text
    body = started.json()
    redirected = await _consent(emulators, body["authorization_url"])
    assert redirected.params["state"] == body["state"]
    done = await client.get(
        "/api/v1/spotify/oauth/callback",
        params={"code": redirected.params["code"], "state": redirected.params["state"]},
    )
    assert done.status_code == 200, done.text
    return str(redirected)


class TestOAuthFlow:
    async def test_flow_authorizes_and_status_reports_pro(
        self, client: httpx.AsyncClient, emulators: Emulators
    ) -> None:
        before = (await client.get("/api/v1/spotify/status")).json()
        assert before == {
            "mode": "free",
            "credentials_configured": True,
            "authorized": False,
            "pro_available": False,
        }
        await _authorize(client, emulators)
        after = await client.get("/api/v1/spotify/status")
        assert after.headers["cache-control"] == "no-store"
        assert after.json() == {
            "mode": "pro",
            "credentials_configured": True,
            "authorized": True,
            "pro_available": True,
        }

    async def test_state_is_single_use(
        self, client: httpx.AsyncClient, emulators: Emulators
    ) -> None:
        redirected = httpx.URL(await _authorize(client, emulators))
        again = await client.get(
            "/api/v1/spotify/oauth/callback",
            params={"code": redirected.params["code"], "state": redirected.params["state"]},
        )
        assert again.status_code == 422
        assert again.json()["error"]["code"] == "VALIDATION_ERROR"

    async def test_unknown_state_refused(self, client: httpx.AsyncClient) -> None:
        answer = await client.get(
            "/api/v1/spotify/oauth/callback", params={"code": "x", "state": "never-issued"}
        )
        assert answer.status_code == 422

    async def test_callback_is_public(
        self, client: httpx.AsyncClient, emulators: Emulators
    ) -> None:
        started = (await client.post("/api/v1/spotify/oauth/start")).json()
        redirected = await _consent(emulators, started["authorization_url"])
        answer = await client.get(
            "/api/v1/spotify/oauth/callback",
            params=dict(redirected.params),
            headers={"X-API-Key": "", "Accept": "text/html"},
        )
        assert answer.status_code == 200
        assert "connected" in answer.text

    async def test_manual_paste_flow(self, client: httpx.AsyncClient, emulators: Emulators) -> None:
        started = (await client.post("/api/v1/spotify/oauth/start")).json()
        redirected = await _consent(emulators, started["authorization_url"])
        done = await client.post(
            "/api/v1/spotify/oauth/complete", json={"redirected_url": str(redirected)}
        )
        assert done.status_code == 200, done.text
        assert (await client.get("/api/v1/spotify/status")).json()["pro_available"] is True

    async def test_paste_without_code_is_explained(self, client: httpx.AsyncClient) -> None:
        answer = await client.post(
            "/api/v1/spotify/oauth/complete",
            json={"redirected_url": "http://127.0.0.1:8080/api/v1/spotify/oauth/callback"},
        )
        assert answer.status_code == 422
        assert "code" in answer.json()["error"]["message"]


class TestModes:
    async def test_status_flips_immediately_when_credentials_are_cleared(
        self, client: httpx.AsyncClient, emulators: Emulators
    ) -> None:
        await _authorize(client, emulators)
        assert (await client.get("/api/v1/spotify/status")).json()["pro_available"] is True
        assert (await client.get("/api/v1/test/pro-only")).status_code == 200

        cleared = await client.patch(
            "/api/v1/settings", json={"spotify_client_id": None, "spotify_client_secret": None}
        )
        assert cleared.status_code == 200, cleared.text

        status = (await client.get("/api/v1/spotify/status")).json()
        assert status == {
            "mode": "free",
            "credentials_configured": False,
            "authorized": False,
            "pro_available": False,
        }
        gated = await client.get("/api/v1/test/pro-only")
        assert gated.status_code == 409
        assert gated.json()["error"]["code"] == "CREDENTIALS_MISSING"

    async def test_start_without_credentials_is_409(
        self, tmp_path: Path, db_url: str, emulators: Emulators
    ) -> None:
        async for client in _app_client(
            tmp_path, db_url, emulators, spotify_client_id=None, spotify_client_secret=None
        ):
            answer = await client.post("/api/v1/spotify/oauth/start")
            assert answer.status_code == 409
            assert answer.json()["error"]["code"] == "CREDENTIALS_MISSING"
            status = (await client.get("/api/v1/spotify/status")).json()
            assert status["mode"] == "free"
            assert status["credentials_configured"] is False

    @pytest.mark.parametrize(
        "uri",
        [
            "http://localhost:8080/api/v1/spotify/oauth/callback",
            "http://192.168.1.20:8080/api/v1/spotify/oauth/callback",
        ],
    )
    async def test_start_refuses_redirect_uris_broken_in_2026(
        self, tmp_path: Path, db_url: str, emulators: Emulators, uri: str
    ) -> None:
        async for client in _app_client(tmp_path, db_url, emulators, spotify_redirect_uri=uri):
            answer = await client.post("/api/v1/spotify/oauth/start")
            assert answer.status_code == 422
            assert "redirect URI" in answer.json()["error"]["message"]
