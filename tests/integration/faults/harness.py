"""The app wired to the in-process emulators, a worker on a private queue, and a clock the
provider gateway reads (so cooldowns and open circuits can be passed without waiting); and the
acquisition pipeline's own harness with the app beside it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from tests.conftest import serving
from tests.integration.acquisition.harness import Pipeline, running_pipeline
from tests.integration.orchestrator.helpers import job_row, wait_for
from tests.integration.providers.emulated import (
    Emulators,
    RoutingTransport,
    create_emulators,
    create_provider_settings,
)
from tonearm.app import build_services, create_app, job_services
from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import Job, Track
from tonearm.domain.jobs import load_tasks
from tonearm.domain.providers import ProviderClients
from tonearm.orchestrator import TaskRegistry, Worker, WorkerOptions, enqueue, retry_job

FAULT_QUEUE = "faults"
FAST = WorkerOptions(lease_s=5.0, poll_min_s=0.02, poll_max_s=0.1, reap_every_s=1.0, listen=False)
GATEWAY = {
    "provider_timeout_s": 0.5,  # generous for a loaded machine; the slow faults wait 2 s
    "provider_retry_attempts": 3,
    "provider_retry_after_cap_s": 1.0,
    "provider_circuit_threshold": 2,
    "provider_circuit_cooloff_s": 60.0,
}
FINAL = ("succeeded", "dead", "cancelled")


@dataclass
class Clock:
    """The provider gateway's clock: real time plus whatever the test skipped."""

    skipped: timedelta = timedelta()

    def __call__(self) -> datetime:
        return utcnow() + self.skipped

    def advance(self, seconds: float) -> None:
        self.skipped += timedelta(seconds=seconds)


@dataclass
class Rig:
    """What a fault test drives and inspects."""

    app: FastAPI
    api: httpx.AsyncClient
    emulators: Emulators
    clock: Clock
    worker: Worker

    @property
    def db(self) -> Database:
        db: Database = self.app.state.services.db
        return db

    @property
    def providers(self) -> ProviderClients:
        clients: ProviderClients = self.app.state.services.extras["providers"]
        return clients

    async def enqueue(self, job_type: str, payload: dict[str, Any], **kw: Any) -> int:
        """Queue a job on the private queue only this rig's worker serves."""
        async with self.db.transaction() as session:
            result = await enqueue(session, job_type, payload, queue=FAULT_QUEUE, **kw)
            await session.flush()
        self.worker.wake()
        return result.job.id

    async def settled(self, job_id: int, *, attempts: int, timeout: float = 15.0) -> Job:
        """The job once it has run ``attempts`` times and is no longer running."""

        async def ran() -> bool:
            job = await job_row(self.db, job_id)
            return job.status != "leased" and job.attempts >= attempts

        await wait_for(ran, timeout=timeout)
        return await job_row(self.db, job_id)

    async def finished(self, job_id: int, *, timeout: float = 15.0) -> Job:
        """The job once it reached a final status."""

        async def done() -> bool:
            return (await job_row(self.db, job_id)).status in FINAL

        await wait_for(done, timeout=timeout)
        return await job_row(self.db, job_id)

    async def hurry(self, job_id: int) -> None:
        """Run a rescheduled job now (the admin's "retry now")."""
        async with self.db.transaction() as session:
            await retry_job(session, job_id)
        self.worker.wake()

    async def integration(self, name: str) -> dict[str, Any]:
        """One provider in ``GET /api/v1/integrations``."""
        answer = await self.api.get("/api/v1/integrations")
        assert answer.status_code == 200, answer.text
        items: list[dict[str, Any]] = answer.json()["items"]
        return next(item for item in items if item["name"] == name)

    async def track_count(self) -> int:
        async with self.db.transaction(readonly=True) as session:
            return int((await session.execute(select(func.count(Track.id)))).scalar_one())


def _private_registry(*types: str) -> TaskRegistry:
    shared = load_tasks()
    registry = TaskRegistry()
    for name in types:
        spec = shared.get(name)
        assert spec is not None, name
        registry.task(spec.name, queue=FAULT_QUEUE, retry=spec.retry, timeout_s=spec.timeout_s)(
            spec.handler
        )
    return registry


@asynccontextmanager
async def fault_rig(
    tmp_path: Path,
    db_url: str,
    job_types: tuple[str, ...],
    *,
    busy_timeout_ms: int | None = None,
    worker_options: WorkerOptions = FAST,
    **overrides: Any,
) -> AsyncIterator[Rig]:
    """The app on both emulators with a fast gateway, and a worker for ``job_types``
    (``busy_timeout_ms``: how long a SQLite writer waits for another one)."""
    emulators = create_emulators(tmp_path)
    settings = create_provider_settings(tmp_path, db_url, **{**GATEWAY, **overrides})
    services = build_services(settings)
    if busy_timeout_ms is not None:
        services.db = Database(settings.resolved_database_url, busy_timeout_ms=busy_timeout_ms)
    services.extras["provider_transport"] = emulators.transport()
    app = create_app(settings, services)
    clock = Clock()
    services.extras["providers"].gateway.clock = clock
    worker = Worker(
        services.db,
        _private_registry(*job_types),
        concurrency=2,
        queues=[FAULT_QUEUE],
        services=job_services(services),
        options=worker_options,
    )
    async with serving(app) as api:
        await worker.start()
        try:
            yield Rig(app, api, emulators, clock, worker)
        finally:
            await worker.stop()


async def authorize_spotify(rig: Rig) -> None:
    """PRO mode: run the OAuth flow against the emulator (it approves at once)."""
    started = await rig.api.post("/api/v1/spotify/oauth/start")
    assert started.status_code == 200, started.text
    transport = httpx.ASGITransport(app=rig.emulators.spotify)
    async with httpx.AsyncClient(transport=transport) as browser:
        consent = await browser.get(started.json()["authorization_url"])
    redirected = httpx.URL(consent.headers["location"])
    done = await rig.api.get(
        "/api/v1/spotify/oauth/callback",
        params={"code": redirected.params["code"], "state": redirected.params["state"]},
    )
    assert done.status_code == 200, done.text


@asynccontextmanager
async def pipeline_with_api(
    tmp_path: Path, db_url: str, network: dict[str, Any], **overrides: Any
) -> AsyncIterator[tuple[Pipeline, httpx.AsyncClient, Clock]]:
    """The acquisition pipeline (worker, slskd emulator through the gateway) and, beside it,
    the app on the same database: it sees the gateway's shared state as another process would.
    Both gateways read one test clock."""
    settings = {**GATEWAY, **overrides}
    async with running_pipeline(tmp_path, db_url, network, **settings) as pipe:
        clock = Clock()
        pipe.providers.gateway.clock = clock
        services = build_services(pipe.settings)
        services.extras["provider_transport"] = RoutingTransport({"slskd.test": pipe.slskd_app})
        app = create_app(pipe.settings, services)
        services.extras["providers"].gateway.clock = clock
        async with serving(app) as api:
            yield pipe, api, clock
