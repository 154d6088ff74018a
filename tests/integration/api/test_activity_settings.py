"""The activity feed and the settings API."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.conftest import create_settings
from tonearm.api.deps import Services
from tonearm.app import create_app
from tonearm.domain.activity import record_activity


async def _seed_activity(app: FastAPI, count: int) -> None:
    services: Services = app.state.services
    async with services.db.transaction() as session:
        for n in range(count):
            await record_activity(
                session,
                "track.done" if n % 2 else "playlist.synced",
                f"event {n}",
                entity_type="track" if n % 2 else "playlist",
                entity_id=n,
            )


class TestActivity:
    async def test_newest_first_with_cursor_pagination(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        await _seed_activity(app, 7)
        first = (await client.get("/api/v1/activity?limit=3")).json()
        assert [e["summary"] for e in first["items"]] == ["event 6", "event 5", "event 4"]
        assert first["total"] == 7
        second = (await client.get(f"/api/v1/activity?limit=3&cursor={first['cursor']}")).json()
        assert [e["summary"] for e in second["items"]] == ["event 3", "event 2", "event 1"]
        last = (await client.get(f"/api/v1/activity?limit=3&cursor={second['cursor']}")).json()
        assert [e["summary"] for e in last["items"]] == ["event 0"]
        assert last["cursor"] is None

    async def test_filters_by_type_and_entity(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        await _seed_activity(app, 6)
        by_type = (await client.get("/api/v1/activity?type=track.done")).json()
        assert {e["type"] for e in by_type["items"]} == {"track.done"}
        assert by_type["total"] == 3
        by_entity = (await client.get("/api/v1/activity?entity=playlist:2")).json()
        assert [e["summary"] for e in by_entity["items"]] == ["event 2"]


class TestSettingsApi:
    async def test_secrets_are_never_returned(self, client: httpx.AsyncClient) -> None:
        patch = {"slskd_api_key": "very-secret-slskd-key", "slskd_url": "http://127.0.0.1:5030"}
        response = await client.patch("/api/v1/settings", json=patch)
        assert response.status_code == 200, response.text
        assert "very-secret-slskd-key" not in response.text
        body = (await client.get("/api/v1/settings")).json()["settings"]
        assert "very-secret-slskd-key" not in str(body)
        assert body["slskd_api_key"] == {
            "key": "slskd_api_key",
            "value": None,
            "is_set": True,
            "secret": True,
            "editable": True,
            "source": "api",
        }
        assert body["slskd_url"]["value"] == "http://127.0.0.1:5030"
        assert body["api_key"]["value"] is None

    async def test_patch_is_effective_at_once_and_null_clears(
        self, client: httpx.AsyncClient
    ) -> None:
        await client.patch("/api/v1/settings", json={"lyrics_enabled": True})
        body = (await client.get("/api/v1/settings")).json()["settings"]
        assert body["lyrics_enabled"]["value"] is True
        assert body["lyrics_enabled"]["source"] == "api"
        await client.patch("/api/v1/settings", json={"path_template": None})
        body = (await client.get("/api/v1/settings")).json()["settings"]
        assert body["path_template"] == {
            "key": "path_template",
            "value": None,
            "is_set": False,
            "secret": False,
            "editable": True,
            "source": "api",
        }

    async def test_change_writes_an_activity_row(self, client: httpx.AsyncClient) -> None:
        await client.patch("/api/v1/settings", json={"lyrics_enabled": True})
        feed = (await client.get("/api/v1/activity?type=settings.changed")).json()
        assert feed["total"] == 1
        assert feed["items"][0]["details"] == {"keys": ["lyrics_enabled"]}

    async def test_boot_only_settings_are_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.patch(
            "/api/v1/settings", json={"lyrics_enabled": True, "database_url": "sqlite://"}
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"]["not_editable"] == ["database_url"]
        body = (await client.get("/api/v1/settings")).json()["settings"]
        assert body["lyrics_enabled"]["source"] == "default"

    async def test_environment_source_is_reported(self, tmp_path, sqlite_url) -> None:  # type: ignore[no-untyped-def]
        from tests.conftest import serving

        app = create_app(create_settings(tmp_path, sqlite_url, slskd_url="http://10.0.0.2:5030"))
        async with serving(app) as http:
            body = (await http.get("/api/v1/settings")).json()["settings"]
            assert body["slskd_url"]["source"] == "env"
            await http.patch("/api/v1/settings", json={"slskd_url": None})
            body = (await http.get("/api/v1/settings")).json()["settings"]
        assert body["slskd_url"]["source"] == "api"
        assert body["slskd_url"]["value"] is None
