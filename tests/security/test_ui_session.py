"""UI login: session cookie flags, CSRF on writes, login attempts rate-limited, safe redirects."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_API_KEY, create_settings, serving
from tests.security.routes import concrete, ui_writes
from tonearm.app import create_app

pytest.importorskip("tonearm.ui")


@pytest.fixture
async def browser(tmp_path: Path, sqlite_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client with no API key, like a browser."""
    app = create_app(create_settings(tmp_path, sqlite_url))
    async with serving(app, key=None) as http:
        yield http


async def _login(http: httpx.AsyncClient) -> httpx.Response:
    return await http.post("/login", data={"api_key": TEST_API_KEY, "next": "/"})


class TestSessionCookie:
    async def test_login_sets_a_hardened_cookie(self, browser: httpx.AsyncClient) -> None:
        response = await _login(browser)
        assert response.status_code in (302, 303)
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=lax" in cookie or "samesite=strict" in cookie
        assert "path=/" in cookie
        assert TEST_API_KEY.lower() not in cookie  # the key itself is never the cookie

    async def test_the_cookie_is_secure_over_https(self, tmp_path: Path, sqlite_url: str) -> None:
        app = create_app(create_settings(tmp_path, sqlite_url))
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="https://tonearm.test"
            ) as http,
        ):
            response = await _login(http)
        assert "secure" in response.headers["set-cookie"].lower()

    async def test_a_session_cookie_does_not_open_the_json_api(
        self, browser: httpx.AsyncClient
    ) -> None:
        await _login(browser)
        assert browser.cookies  # logged in
        response = await browser.get("/api/v1/settings")
        assert response.status_code == 401

    async def test_a_forged_cookie_is_refused(self, browser: httpx.AsyncClient) -> None:
        browser.cookies.set("tonearm_session", "eyJmb3JnZWQiOnRydWV9.forged.sig")
        response = await browser.get("/", headers={"Accept": "text/html"})
        assert response.status_code in (302, 303, 401)


class TestCsrf:
    async def test_every_ui_write_without_the_token_is_refused(
        self, tmp_path: Path, sqlite_url: str
    ) -> None:
        app = create_app(create_settings(tmp_path, sqlite_url))
        writes = ui_writes(app)
        assert len(writes) >= 20  # the walk found the UI's writes; never a silent pass
        assert ("POST", "/settings") in {(w.method, w.path) for w in writes}
        async with serving(app, key=None) as http:
            assert (await _login(http)).status_code in (302, 303)
            for write in writes:
                path = concrete(write.path)
                for data in ({}, {"csrf_token": "wrong"}, {"csrf_token": ""}):
                    response = await http.request(write.method, path, data=data)
                    assert response.status_code == 403, (write, data, response.status_code)
                wrong_header = await http.request(
                    write.method, path, headers={"X-CSRF-Token": "wrong"}
                )
                assert wrong_header.status_code == 403, (write, wrong_header.status_code)
            # Still logged in: no refused write (logout included) ended the session.
            assert (await http.get("/", headers={"Accept": "text/html"})).status_code == 200

    async def test_settings_post_without_the_token_is_forbidden(
        self, browser: httpx.AsyncClient
    ) -> None:
        await _login(browser)
        response = await browser.post("/settings", data={"log_level": "DEBUG"})
        assert response.status_code == 403
        assert "security token" in response.text


class TestLoginRateLimit:
    async def test_repeated_wrong_keys_are_slowed_down(self, browser: httpx.AsyncClient) -> None:
        statuses = []
        for attempt in range(12):
            response = await browser.post("/login", data={"api_key": f"guess-{attempt}"})
            statuses.append(response.status_code)
        assert statuses[0] == 401
        assert 429 in statuses
        limited = await browser.post("/login", data={"api_key": TEST_API_KEY})
        assert limited.status_code == 429  # even the right key waits out the window
        assert int(limited.headers["retry-after"]) >= 1

    @pytest.mark.parametrize(
        "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "/%0d%0aX: y"]
    )
    async def test_login_never_redirects_off_site(
        self, browser: httpx.AsyncClient, target: str
    ) -> None:
        response = await browser.post("/login", data={"api_key": TEST_API_KEY, "next": target})
        location = response.headers.get("location", "")
        assert location.startswith("/")
        assert not location.startswith(("//", "/\\"))
        assert "evil.example" not in location or location.startswith("/%")
