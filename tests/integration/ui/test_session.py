"""Login, logout, session cookie, rate limit, CSRF and security headers."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.integration.ui.conftest import browser, csrf_of, log_in

PAGES = [
    "/",
    "/spotify",
    "/import",
    "/downloads",
    "/search",
    "/artists",
    "/library",
    "/activity",
    "/jobs",
    "/settings",
    "/system",
]


class TestLogin:
    async def test_anonymous_page_redirects_to_login(self, anon: httpx.AsyncClient) -> None:
        response = await anon.get("/downloads")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/downloads"

    async def test_login_page_is_public(self, anon: httpx.AsyncClient) -> None:
        response = await anon.get("/login")
        assert response.status_code == 200
        assert 'name="api_key"' in response.text

    async def test_wrong_key_is_refused_in_words(self, anon: httpx.AsyncClient) -> None:
        response = await log_in(anon, "not-the-key")
        assert response.status_code == 401
        assert "That API key is not right." in response.text
        assert "tonearm_session" not in response.headers.get("set-cookie", "")

    async def test_right_key_sets_a_protected_cookie(self, anon: httpx.AsyncClient) -> None:
        response = await log_in(anon)
        assert response.status_code == 303
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("tonearm_session=")
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "secure" not in cookie

    async def test_cookie_is_secure_over_https(self, app: FastAPI) -> None:
        async with browser(app, "https://tonearm.test") as client:
            response = await log_in(client)
        assert "secure" in response.headers["set-cookie"].lower()

    async def test_next_never_leaves_the_site(self, anon: httpx.AsyncClient) -> None:
        response = await anon.post("/login", data={"api_key": "x" * 0 + "", "next": "//evil"})
        assert response.status_code == 401
        from tests.conftest import TEST_API_KEY

        ok = await anon.post("/login", data={"api_key": TEST_API_KEY, "next": "//evil.test/x"})
        assert ok.headers["location"] == "/"

    async def test_failed_logins_are_rate_limited(self, anon: httpx.AsyncClient) -> None:
        for _ in range(5):
            assert (await log_in(anon, "wrong")).status_code == 401
        limited = await log_in(anon)  # even the right key, once limited
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert "Too many attempts" in limited.text

    async def test_session_does_not_open_the_json_api(self, ui: httpx.AsyncClient) -> None:
        response = await ui.get("/api/v1/settings")
        assert response.status_code == 401


class TestPages:
    @pytest.mark.parametrize("path", PAGES)
    async def test_every_page_renders_when_logged_in(
        self, ui: httpx.AsyncClient, path: str
    ) -> None:
        response = await ui.get(path)
        assert response.status_code == 200, response.text[:500]
        assert "<nav" in response.text
        for href in PAGES:
            assert f'href="{href}"' in response.text

    @pytest.mark.parametrize("path", PAGES)
    async def test_every_page_needs_a_session(self, anon: httpx.AsyncClient, path: str) -> None:
        response = await anon.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")

    async def test_pages_carry_a_strict_csp(self, ui: httpx.AsyncClient) -> None:
        response = await ui.get("/")
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert "<script>" not in response.text

    async def test_live_part_is_only_a_fragment(self, ui: httpx.AsyncClient) -> None:
        response = await ui.get("/downloads?part=live", headers={"hx-request": "true"})
        assert response.status_code == 200
        assert response.text.lstrip().startswith('<div id="downloads-live"')
        assert "<html" not in response.text

    async def test_junk_filters_do_not_fail(self, ui: httpx.AsyncClient) -> None:
        response = await ui.get("/downloads?state=nope&offset=-3&dstate=%00")
        assert response.status_code == 200

    async def test_missing_download_is_explained(self, ui: httpx.AsyncClient) -> None:
        response = await ui.get("/downloads/999999")
        assert response.status_code == 404
        assert "does not exist" in response.text


class TestCsrf:
    async def test_settings_post_without_token_is_forbidden(self, ui: httpx.AsyncClient) -> None:
        response = await ui.post("/settings", data={"present_lyrics_enabled": "1"})
        assert response.status_code == 403
        assert "Reload the page" in response.text

    async def test_wrong_token_is_forbidden(self, ui: httpx.AsyncClient) -> None:
        data = {"csrf_token": "forged", "present_lyrics_enabled": "1"}
        assert (await ui.post("/settings", data=data)).status_code == 403

    async def test_token_without_session_is_forbidden(
        self, anon: httpx.AsyncClient, ui: httpx.AsyncClient, token: str
    ) -> None:
        response = await anon.post("/settings", data={"csrf_token": token})
        assert response.status_code == 303  # not logged in at all: to the login page

    async def test_form_token_saves(self, ui: httpx.AsyncClient, token: str) -> None:
        data = {"csrf_token": token, "present_lyrics_enabled": "1", "lyrics_enabled": "on"}
        response = await ui.post("/settings", data=data)
        assert response.status_code == 303
        page = await ui.get(response.headers["location"])
        assert "Settings saved." in page.text
        assert 'name="lyrics_enabled" checked' in page.text

    async def test_header_token_saves(self, ui: httpx.AsyncClient, token: str) -> None:
        data = {"present_path_template": "1", "path_template": "{artist}/{title}.{ext}"}
        response = await ui.post("/settings", data=data, headers={"x-csrf-token": token})
        assert response.status_code == 303
        assert 'value="{artist}/{title}.{ext}"' in (await ui.get("/settings")).text


class TestLogout:
    async def test_logout_needs_the_token(self, ui: httpx.AsyncClient) -> None:
        assert (await ui.post("/logout")).status_code == 403

    async def test_logout_ends_the_session(self, ui: httpx.AsyncClient, token: str) -> None:
        cookie = ui.cookies.get("tonearm_session")
        response = await ui.post("/logout", data={"csrf_token": token})
        assert response.status_code == 303
        assert response.headers["location"] == "/login"
        ui.cookies.set("tonearm_session", cookie or "")  # a copied cookie is revoked too
        assert (await ui.get("/")).status_code == 303

    async def test_login_page_skips_when_logged_in(self, ui: httpx.AsyncClient) -> None:
        response = await ui.get("/login?next=/jobs")
        assert response.status_code == 303
        assert response.headers["location"] == "/jobs"

    async def test_fresh_session_has_its_own_token(
        self, app: FastAPI, ui: httpx.AsyncClient, token: str
    ) -> None:
        async with browser(app) as other:
            await log_in(other)
            assert csrf_of((await other.get("/")).text) != token


class TestNotFound:
    async def test_unknown_page_is_a_page(self, ui: httpx.AsyncClient) -> None:
        response = await ui.get("/no-such-page")
        assert response.status_code == 404
        assert "There is no page at this address." in response.text
        assert "content-security-policy" in response.headers

    async def test_unknown_api_path_keeps_the_envelope(self, ui: httpx.AsyncClient) -> None:
        from tests.conftest import TEST_API_KEY

        response = await ui.get("/api/v1/nope", headers={"x-api-key": TEST_API_KEY})
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"


class TestHugeIds:
    @pytest.mark.parametrize(
        "path", ["/downloads/9223372036854775808", "/import/99999999999999999999999"]
    )
    async def test_ids_beyond_64_bits_are_not_found(self, ui: httpx.AsyncClient, path: str) -> None:
        assert (await ui.get(path)).status_code == 404

    @pytest.mark.parametrize(
        "path", ["/jobs/9223372036854775808/retry", "/downloads/9223372036854775808/retry"]
    )
    async def test_writes_with_huge_ids_are_not_found(
        self, ui: httpx.AsyncClient, token: str, path: str
    ) -> None:
        assert (await ui.post(path, data={"csrf_token": token})).status_code == 404
