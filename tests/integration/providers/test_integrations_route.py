"""``GET /api/v1/integrations`` and readiness with the providers up, down or unconfigured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import serving
from tests.integration.providers.emulated import (
    create_emulators,
    create_provider_app,
    create_provider_settings,
    fault,
)


def _by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in body["items"]}


class TestIntegrations:
    async def test_both_ok(self, tmp_path: Path, db_url: str) -> None:
        app = create_provider_app(
            create_provider_settings(tmp_path, db_url), create_emulators(tmp_path)
        )
        async with serving(app) as client:
            body = (await client.get("/api/v1/integrations")).json()
            ready = await client.get("/api/health/ready")
        assert body["overall"] == "ok"
        assert {n: (i["status"], i["circuit"]) for n, i in _by_name(body).items()} == {
            "slskd": ("ok", "closed"),
            "spotify": ("ok", "closed"),
        }
        assert ready.status_code == 200, ready.text
        checks = ready.json()["checks"]
        assert checks["slskd"]["status"] == "ok"
        assert checks["slskd"]["version"]
        assert checks["spotify"] == {"status": "ok"}

    async def test_slskd_down_fails_readiness_only_for_it(
        self, tmp_path: Path, db_url: str
    ) -> None:
        emulators = create_emulators(tmp_path)
        emulators.slskd_faults.replace([fault("GET /api/v0/application", status=503)])
        settings = create_provider_settings(tmp_path, db_url, provider_retry_attempts=1)
        async with serving(create_provider_app(settings, emulators)) as client:
            body = (await client.get("/api/v1/integrations")).json()
            ready = await client.get("/api/health/ready")
        items = _by_name(body)
        assert items["slskd"]["status"] == "down"
        assert "503" in items["slskd"]["last_error"]
        assert items["spotify"]["status"] == "ok"
        assert body["overall"] == "down"
        assert ready.status_code == 503
        assert ready.json()["checks"]["slskd"]["status"] == "fail"
        assert ready.json()["checks"]["spotify"]["status"] == "ok"

    async def test_wrong_port_is_down(self, tmp_path: Path, db_url: str) -> None:
        settings = create_provider_settings(
            tmp_path, db_url, slskd_url="http://nowhere.test:1", provider_retry_attempts=1
        )
        async with serving(create_provider_app(settings, create_emulators(tmp_path))) as client:
            item = _by_name((await client.get("/api/v1/integrations")).json())["slskd"]
        assert item["status"] == "down"
        assert item["configured"] is True

    async def test_unconfigured_providers_are_skipped_and_ready(
        self, tmp_path: Path, db_url: str
    ) -> None:
        settings = create_provider_settings(
            tmp_path,
            db_url,
            slskd_url=None,
            slskd_api_key=None,
            spotify_client_id=None,
            spotify_client_secret=None,
        )
        async with serving(create_provider_app(settings, create_emulators(tmp_path))) as client:
            body = (await client.get("/api/v1/integrations")).json()
            ready = await client.get("/api/health/ready")
        assert {i["status"] for i in body["items"]} == {"skipped"}
        assert body["overall"] == "ok"
        assert ready.status_code == 200
        assert ready.json()["checks"]["slskd"] == {"status": "skipped"}
        assert ready.json()["checks"]["spotify"] == {"status": "skipped"}

    async def test_changing_slskd_settings_resets_its_circuit(
        self, tmp_path: Path, db_url: str
    ) -> None:
        emulators = create_emulators(tmp_path)
        emulators.slskd_faults.replace([fault("GET /api/v0/application", status=500)])
        settings = create_provider_settings(
            tmp_path, db_url, provider_retry_attempts=1, provider_circuit_threshold=1
        )
        async with serving(create_provider_app(settings, emulators)) as client:
            first = _by_name((await client.get("/api/v1/integrations")).json())["slskd"]
            assert (first["status"], first["circuit"]) == ("down", "open")
            emulators.slskd_faults.clear()
            patched = await client.patch(
                "/api/v1/settings", json={"slskd_url": "http://slskd.test"}
            )
            assert patched.status_code == 200
            again = _by_name((await client.get("/api/v1/integrations")).json())["slskd"]
        assert (again["status"], again["circuit"]) == ("ok", "closed")
