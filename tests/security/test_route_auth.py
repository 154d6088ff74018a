"""Every route needs the API key except the allowlist; the list is enumerated, never typed in."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from tests.conftest import TEST_API_KEY, create_settings, serving
from tests.security.routes import (
    concrete,
    is_public,
    openapi_operations,
    served_routes,
    walk_routes,
)
from tonearm.app import PUBLIC_PATHS, PUBLIC_PREFIXES, create_app

# The product's allowlist: liveness, login page, static assets, the OAuth callback.
ALLOWED_PUBLIC = {"/api/health/live", "/login", "/api/v1/spotify/oauth/callback", "/favicon.ico"}
# Floors under the enumeration, so a walk that silently finds nothing cannot pass.
MIN_API_OPERATIONS = 40
MIN_UI_ROUTES = 35


@pytest.fixture(params=[False, True], ids=["default", "admin-api"])
def full_app(request: pytest.FixtureRequest, tmp_path: Path, sqlite_url: str) -> FastAPI:
    """The app with and without the optional admin routes."""
    return create_app(create_settings(tmp_path, sqlite_url, feature_admin_api=request.param))


def _refused(status: int, location: str, path: str) -> bool:
    if status == 401:
        return True
    # UI pages may send a browser to the login page instead of answering 401.
    return not path.startswith("/api/") and status in (302, 303, 307) and "/login" in location


class TestEnumeration:
    def test_the_walk_finds_every_openapi_operation(self, full_app: FastAPI) -> None:
        operations = openapi_operations(full_app)
        assert len(operations) >= MIN_API_OPERATIONS
        assert operations <= served_routes(full_app)  # found by walking, not copied from OpenAPI

    def test_the_walk_finds_the_hidden_routes(self, full_app: FastAPI) -> None:
        walked = list(walk_routes(full_app.router.routes))
        ui = {(r.method, r.path) for r in walked if r.is_ui}
        assert len(ui) >= MIN_UI_ROUTES
        assert {("GET", "/"), ("POST", "/settings"), ("POST", "/logout")} <= ui
        served = served_routes(full_app)
        assert {("GET", "/static/probe"), ("GET", "/docs"), ("GET", "/openapi.json")} <= served
        assert len(served) >= MIN_API_OPERATIONS + MIN_UI_ROUTES


class TestRouteAuth:
    def test_the_allowlist_is_the_documented_one(self) -> None:
        assert set(PUBLIC_PATHS) <= ALLOWED_PUBLIC
        assert PUBLIC_PREFIXES == ("/static/",)

    async def test_every_non_public_route_refuses_anonymous_and_wrong_keys(
        self, full_app: FastAPI
    ) -> None:
        routes = sorted(r for r in served_routes(full_app) if not is_public(r[1]))
        assert ("PATCH", "/api/v1/settings") in routes
        headers_variants = [
            {},
            {"X-API-Key": "wrong"},
            {"Authorization": "Bearer wrong"},
            {"Authorization": f"Basic {TEST_API_KEY}"},
            {"X-API-Key": ""},
            {"X-API-Key": TEST_API_KEY.upper()},
            {"X-API-Key": TEST_API_KEY[:-1]},
        ]
        async with serving(full_app, key=None) as anon:
            for method, path in routes:
                for headers in headers_variants:
                    response = await anon.request(method, concrete(path), headers=headers)
                    location = response.headers.get("location", "")
                    assert _refused(response.status_code, location, path), (method, path, headers)

    async def test_html_clients_are_refused_too(self, full_app: FastAPI) -> None:
        routes = sorted(r for r in served_routes(full_app) if not is_public(r[1]))
        async with serving(full_app, key=None) as anon:
            for method, path in routes:
                response = await anon.request(
                    method, concrete(path), headers={"Accept": "text/html"}
                )
                location = response.headers.get("location", "")
                assert _refused(response.status_code, location, path), (method, path)

    async def test_a_valid_key_passes_on_every_route(self, full_app: FastAPI) -> None:
        """The refusals above come from auth, not from routing: with the key no route is 401."""
        routes = sorted(r for r in served_routes(full_app) if not is_public(r[1]))
        async with serving(full_app) as http:
            for method, path in routes:
                response = await http.request(method, concrete(path))
                assert response.status_code != 401, (method, path)
                assert response.status_code < 500, (method, path, response.text[:200])

    async def test_path_tricks_do_not_reach_protected_routes(self, full_app: FastAPI) -> None:
        tricks = [
            "/static/../api/v1/settings",
            "/static/%2e%2e/api/v1/settings",
            "/api/health/live/../../v1/settings",
            "//api/v1/settings",
            "/api/v1/settings/",
            "/API/V1/SETTINGS",
            "/api/v1/settings?x=/api/health/live",
        ]
        async with serving(full_app, key=None) as anon:
            for path in tricks:
                response = await anon.get(path)
                assert response.status_code in (401, 404, 307), (path, response.status_code)
                assert "settings" not in response.text or response.status_code != 200
