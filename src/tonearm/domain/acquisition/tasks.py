"""Job handlers of the acquisition pipeline (registered on the task registry).

Each handler reloads its state by id, is idempotent, and writes only through the job's
lease-fenced transactions. ``ctx.services`` carries ``settings`` and ``box`` (to read the
effective, API-overridable settings) and optionally ``http_mounts`` (tests: httpx mounts
routing each base URL to an in-process app).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tonearm.config import Settings
from tonearm.domain.acquisition.jobs import DOWNLOAD_JOB, MONITOR_JOB, POSTPROCESS_JOB, SEARCH_JOB
from tonearm.domain.acquisition.runtime import AcquisitionRuntime, build_slskd_client
from tonearm.domain.acquisition.search import run_search
from tonearm.domain.acquisition.transfer import run_download, run_monitor
from tonearm.domain.settings import load_effective_settings
from tonearm.orchestrator.context import JobContext
from tonearm.orchestrator.registry import TaskRegistry
from tonearm.orchestrator.retry import RetryPolicy

__all__ = ["open_runtime", "register_acquisition_tasks"]

Step = Callable[[AcquisitionRuntime, int], Awaitable[None]]


async def _effective_settings(ctx: JobContext) -> Settings:
    base: Settings = ctx.services["settings"]
    box = ctx.services.get("box")
    if box is None:
        return base
    async with ctx.db.transaction(readonly=True) as session:
        effective, _ = await load_effective_settings(session, base, box)
    return effective


@asynccontextmanager
async def open_runtime(ctx: JobContext) -> AsyncIterator[AcquisitionRuntime]:
    """The runtime of one job run: effective settings, one HTTP client, fenced transactions."""
    settings = await _effective_settings(ctx)
    mounts = ctx.services.get("http_mounts")
    async with httpx.AsyncClient(mounts=mounts) as http:
        yield AcquisitionRuntime(
            transaction=ctx.transaction,
            settings=settings,
            slskd=build_slskd_client(settings, http),
            http=http,
        )


def _handler(step: Step, key: str) -> Callable[[JobContext], Awaitable[Any]]:
    async def handle(ctx: JobContext) -> None:
        async with open_runtime(ctx) as runtime:
            await step(runtime, int(ctx.job.payload[key]))

    handle.__doc__ = step.__doc__
    return handle


def register_acquisition_tasks(registry: TaskRegistry) -> None:
    """Register ``acquire.search``, ``acquire.download``, ``acquire.monitor`` and
    ``postprocess`` on ``registry``."""
    from tonearm.domain.postprocess.flow import run_postprocess

    steady = RetryPolicy(max_attempts=8, base_s=5.0, cap_s=300.0)
    registry.task(SEARCH_JOB, retry=steady)(_handler(run_search, "track_id"))
    registry.task(DOWNLOAD_JOB, retry=steady)(_handler(run_download, "download_id"))
    registry.task(MONITOR_JOB, retry=steady)(_handler(run_monitor, "download_id"))
    registry.task(POSTPROCESS_JOB, retry=steady)(_handler(run_postprocess, "download_id"))


def _register_on_shared_registry() -> None:
    from tonearm.domain.jobs import registry

    if SEARCH_JOB not in registry:
        register_acquisition_tasks(registry)


_register_on_shared_registry()
