"""The settings page: sections, write-only secrets, the live path preview, errors in words."""

from __future__ import annotations

import httpx


class TestSettingsPage:
    async def test_secrets_are_never_rendered(self, ui: httpx.AsyncClient, token: str) -> None:
        data = {"csrf_token": token, "present_slskd_api_key": "1", "slskd_api_key": "s3cr3t-v4lue"}
        assert (await ui.post("/settings", data=data)).status_code == 303
        page = (await ui.get("/settings")).text
        assert "s3cr3t-v4lue" not in page
        assert "set — type to replace" in page

    async def test_empty_secret_field_keeps_the_value(
        self, ui: httpx.AsyncClient, token: str
    ) -> None:
        data = {"csrf_token": token, "present_slskd_api_key": "1", "slskd_api_key": "abc"}
        await ui.post("/settings", data=data)
        data["slskd_api_key"] = ""
        await ui.post("/settings", data=data)
        assert "set — type to replace" in (await ui.get("/settings")).text

    async def test_invalid_value_is_explained(self, ui: httpx.AsyncClient, token: str) -> None:
        data = {
            "csrf_token": token,
            "present_download_stall_timeout_s": "1",
            "download_stall_timeout_s": "soon",
        }
        response = await ui.post("/settings", data=data)
        assert response.status_code == 422
        assert "Some of what you entered is not valid." in response.text

    async def test_sections_are_shown(self, ui: httpx.AsyncClient) -> None:
        page = (await ui.get("/settings")).text
        for legend in ("Credentials", "Quality profile", "Library path", "Folders", "Features"):
            assert f"<legend>{legend}</legend>" in page

    async def test_preview_follows_the_template(self, ui: httpx.AsyncClient) -> None:
        response = await ui.get(
            "/settings/preview", params={"path_template": "{artist}/{year}/{title}.{ext}"}
        )
        assert response.status_code == 200
        assert "Radiohead/1997/Karma Police.flac" in response.text

    async def test_preview_explains_a_bad_template(self, ui: httpx.AsyncClient) -> None:
        response = await ui.get("/settings/preview", params={"path_template": "{nope}/{title"})
        assert response.status_code == 200
        assert 'class="preview bad"' in response.text
