"""Every route needs the API key except the public allowlist."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from structlog.testing import capture_logs

from tests.conftest import TEST_API_KEY, api_client
from tonearm.app import PUBLIC_PATHS, PUBLIC_PREFIXES


def all_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) the app serves: the OpenAPI operations plus the docs routes."""
    routes = [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    ]
    routes.extend(("GET", path) for path in ("/openapi.json", "/docs", "/redoc"))
    return routes


def _protected_routes(app: FastAPI) -> list[tuple[str, str]]:
    return [
        (method, path)
        for method, path in all_routes(app)
        if path not in PUBLIC_PATHS and not path.startswith(PUBLIC_PREFIXES)
    ]


def _concrete(path: str) -> str:
    return (
        path.replace("{artist_key}", "spotify:abc")
        .replace("{id}", "1")
        .replace("{job_id}", "1")
        .replace("{path:path}", "x")
    )


class TestAuth:
    async def test_every_protected_route_rejects_a_missing_key(self, app: FastAPI) -> None:
        routes = _protected_routes(app)
        assert ("GET", "/api/v1/settings") in routes
        assert ("GET", "/openapi.json") in routes
        async with api_client(app, key=None) as anon:
            for method, path in routes:
                response = await anon.request(method, _concrete(path))
                assert response.status_code == 401, (method, path)
                assert response.json()["error"]["code"] == "AUTH_REQUIRED"

    async def test_only_the_allowlist_is_public(self, app: FastAPI) -> None:
        public = {path for _, path in all_routes(app) if path in PUBLIC_PATHS}
        assert public <= {"/api/health/live", "/api/v1/spotify/oauth/callback", "/login"}

    async def test_wrong_key_is_rejected_and_logged_without_key_material(
        self, app: FastAPI
    ) -> None:
        with capture_logs() as logs:
            async with api_client(app, key="wrong-key-material") as http:
                response = await http.get("/api/v1/settings")
        assert response.status_code == 401
        failures = [e for e in logs if e["event"] == "security.auth_failed"]
        assert len(failures) == 1
        assert failures[0]["route"] == "/api/v1/settings"
        assert "wrong-key-material" not in repr(failures)

    @pytest.mark.parametrize(
        "headers",
        [{"X-API-Key": TEST_API_KEY}, {"Authorization": f"Bearer {TEST_API_KEY}"}],
    )
    async def test_header_and_bearer_are_both_accepted(
        self, anon_client: httpx.AsyncClient, headers: dict[str, str]
    ) -> None:
        response = await anon_client.get("/api/v1/settings", headers=headers)
        assert response.status_code == 200

    async def test_liveness_needs_no_key(self, anon_client: httpx.AsyncClient) -> None:
        response = await anon_client.get("/api/health/live")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    async def test_cors_is_closed_by_default(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/health/live", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in response.headers
