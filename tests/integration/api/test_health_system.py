"""Health probes, system stats with an injectable psutil, and Prometheus metrics."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
from fastapi import FastAPI

from tests.conftest import create_settings, serving
from tonearm.api.deps import get_psutil
from tonearm.app import create_app


class FakePsutil:
    """A psutil stand-in with fixed figures."""

    def __init__(self, cpu: float) -> None:
        self.cpu = cpu

    def cpu_percent(self, interval: Any = None) -> float:
        return self.cpu

    def cpu_count(self) -> int:
        return 3

    def virtual_memory(self) -> Any:
        return SimpleNamespace(total=1000, available=600, percent=40.0)

    def disk_usage(self, _path: str) -> Any:
        return SimpleNamespace(total=500, used=100, free=400, percent=20.0)

    def Process(self, _pid: int) -> Any:  # noqa: N802
        return SimpleNamespace(memory_info=lambda: SimpleNamespace(rss=4242), num_threads=lambda: 7)


class TestHealth:
    async def test_ready_reports_every_check(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/health/ready")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "ok"
        assert set(body["checks"]) == {"db", "downloads_dir", "library_dir", "slskd", "spotify"}
        assert body["checks"]["slskd"]["status"] == "skipped"
        assert body["checks"]["db"]["status"] == "ok"

    async def test_ready_fails_when_library_is_not_writable(
        self, tmp_path: Path, sqlite_url: str
    ) -> None:
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("x")
        app = create_app(create_settings(tmp_path, sqlite_url, library_dir=blocker / "lib"))
        async with serving(app) as http:
            response = await http.get("/api/health/ready")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "fail"
        assert body["checks"]["library_dir"]["status"] == "fail"


class TestSystemStats:
    async def test_stats_shape_with_real_psutil(self, client: httpx.AsyncClient) -> None:
        body = (await client.get("/api/v1/system/stats")).json()
        assert set(body) == {"cpu", "memory", "disk", "process", "queue"}
        assert set(body["cpu"]) == {"percent", "count"}
        assert set(body["memory"]) == {"total", "available", "percent"}
        assert set(body["disk"]) == {"total", "used", "free", "percent"}
        assert set(body["process"]) == {"rss", "threads", "uptime_s"}
        assert body["process"]["rss"] > 0

    async def test_app_state_psutil_replaces_the_real_module(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        app.state.psutil = FakePsutil(cpu=11.0)
        body = (await client.get("/api/v1/system/stats")).json()
        assert body["cpu"] == {"percent": 11.0, "count": 3}
        assert body["process"]["rss"] == 4242
        assert body["memory"] == {"total": 1000, "available": 600, "percent": 40.0}

    async def test_dependency_override_wins_over_app_state(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        app.state.psutil = FakePsutil(cpu=11.0)
        app.dependency_overrides[get_psutil] = lambda: FakePsutil(cpu=99.0)
        try:
            body = (await client.get("/api/v1/system/stats")).json()
        finally:
            app.dependency_overrides.clear()
        assert body["cpu"]["percent"] == 99.0


class TestMetrics:
    async def test_metrics_count_requests(self, client: httpx.AsyncClient) -> None:
        await client.get("/api/health/live")
        response = await client.get("/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        assert 'tonearm_http_requests_total{method="GET",route="/api/health/live"' in response.text
