"""The app and a real orchestrator worker sharing one composition root (providers, cache),
with provider calls routed to the world's emulators."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from tests.conftest import serving
from tests.integration.artists.world import World
from tonearm.api.deps import Services
from tonearm.app import build_services, create_app, job_services
from tonearm.domain.artists import ARTIST_SYNC_JOB
from tonearm.domain.jobs import load_tasks
from tonearm.orchestrator import TaskRegistry, Worker, WorkerOptions

FAST = WorkerOptions(lease_s=5.0, poll_min_s=0.02, poll_max_s=0.1, reap_every_s=1.0, listen=False)


def artist_registry() -> TaskRegistry:
    """Only the real ``artist.sync`` handler (jobs it enqueues for other areas stay queued)."""
    return load_tasks().only(ARTIST_SYNC_JOB)


@dataclass
class Running:
    """The API client, the shared services and the worker."""

    client: httpx.AsyncClient
    services: Services
    worker: Worker


@asynccontextmanager
async def running(world: World, **overrides: Any) -> AsyncIterator[Running]:
    """Serve the app and run a worker with the same job services as ``tonearm worker``."""
    settings = world.settings.model_copy(update=overrides) if overrides else world.settings
    services = build_services(settings)
    services.extras["provider_transport"] = world.transport()
    app = create_app(settings, services)
    worker = Worker(services.db, artist_registry(), services=job_services(services), options=FAST)
    async with serving(app) as client:
        await worker.start()
        try:
            yield Running(client, services, worker)
        finally:
            await worker.stop()
