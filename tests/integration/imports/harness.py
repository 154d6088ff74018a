"""The app on the in-process Spotify emulator, and a worker that runs the import jobs it is
handed (on a private queue, so the acquisition jobs an import queues stay queued)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select, update

from tests.conftest import serving
from tests.integration.orchestrator.helpers import job_row, wait_for
from tests.integration.providers.emulated import (
    Emulators,
    create_emulators,
    create_provider_app,
    create_provider_settings,
)
from tonearm.app import job_services
from tonearm.db import Database
from tonearm.db.models import Job
from tonearm.domain.imports import IMPORT_JOB
from tonearm.domain.imports.tasks import BACKFILL_JOB
from tonearm.domain.jobs import load_tasks
from tonearm.orchestrator import TaskRegistry, Worker, WorkerOptions, enqueue

IMPORT_QUEUE = "test.imports"
FAST = WorkerOptions(lease_s=5.0, poll_min_s=0.02, poll_max_s=0.1, listen=False)
FINAL = ("succeeded", "dead", "cancelled")
NO_CREDENTIALS: dict[str, Any] = {"spotify_client_id": None, "spotify_client_secret": None}


def _import_registry() -> TaskRegistry:
    shared = load_tasks()
    registry = TaskRegistry()
    for name in (IMPORT_JOB, BACKFILL_JOB):
        spec = shared.get(name)
        assert spec is not None, name
        registry.task(name, queue=IMPORT_QUEUE, retry=spec.retry, timeout_s=spec.timeout_s)(
            spec.handler
        )
    return registry


@dataclass
class ImportRig:
    """What an import test drives and inspects."""

    app: FastAPI
    api: httpx.AsyncClient
    emulators: Emulators
    worker: Worker

    @property
    def db(self) -> Database:
        db: Database = self.app.state.services.db
        return db

    async def run_imports(self) -> list[Job]:
        """Hand every waiting ``import.process`` job to the worker; the jobs once finished."""
        async with self.db.transaction() as session:
            waiting = select(Job.id).where(Job.type == IMPORT_JOB, Job.status == "queued")
            ids = list((await session.execute(waiting)).scalars())
            await session.execute(update(Job).where(Job.id.in_(ids)).values(queue=IMPORT_QUEUE))
        return [await self._finished(job_id) for job_id in ids]

    async def run_backfill(self) -> Job:
        """Run one ``import.backfill`` job (the schedule's job) now."""
        async with self.db.transaction() as session:
            job_id = (await enqueue(session, BACKFILL_JOB, queue=IMPORT_QUEUE)).job.id
        return await self._finished(job_id)

    async def _finished(self, job_id: int) -> Job:
        self.worker.wake()

        async def done() -> bool:
            return (await job_row(self.db, job_id)).status in FINAL

        await wait_for(done, timeout=20)
        return await job_row(self.db, job_id)


@asynccontextmanager
async def import_rig(tmp_path: Path, db_url: str, **overrides: Any) -> AsyncIterator[ImportRig]:
    """The app (Spotify client credentials configured unless overridden) and its import worker."""
    emulators = create_emulators(tmp_path)
    settings = create_provider_settings(tmp_path, db_url, **overrides)
    app = create_provider_app(settings, emulators)
    services = app.state.services
    worker = Worker(
        services.db,
        _import_registry(),
        queues=[IMPORT_QUEUE],
        services=job_services(services),
        options=FAST,
    )
    async with serving(app) as api:
        await worker.start()
        try:
            yield ImportRig(app, api, emulators, worker)
        finally:
            await worker.stop()
