"""Job handlers of the acquisition pipeline (registered on the task registry).

Each handler reloads its state by id, is idempotent, and writes only through the job's
lease-fenced transactions. ``ctx.services`` carries ``settings`` and ``box`` (to read the
effective, API-overridable settings), ``providers`` (the gateway's clients: every slskd call
goes through it) and optionally ``http_mounts`` (tests: httpx mounts routing the cover, lyrics
and media-server URLs to in-process apps).

A provider that asks to wait (a cooldown after a 429, an open circuit) turns into a
``Retry`` after that wait, so the job waits out the provider instead of failing. A full disk
(staging or library) retries the step later with the reason "disk full"; nothing is deleted.
"""

from __future__ import annotations

import errno
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tonearm.domain.acquisition.jobs import DOWNLOAD_JOB, MONITOR_JOB, POSTPROCESS_JOB, SEARCH_JOB
from tonearm.domain.acquisition.runtime import AcquisitionRuntime
from tonearm.domain.acquisition.search import run_search
from tonearm.domain.acquisition.transfer import run_download, run_monitor
from tonearm.domain.providers import (
    ProviderClients,
    ProviderNotConfigured,
    ProviderRateLimited,
    ProviderUnavailable,
)
from tonearm.domain.settings import job_settings
from tonearm.orchestrator.context import JobContext
from tonearm.orchestrator.errors import PermanentFailure, Retry
from tonearm.orchestrator.registry import TaskRegistry
from tonearm.orchestrator.retry import RetryPolicy

__all__ = ["open_runtime", "register_acquisition_tasks", "step_handler"]

Step = Callable[[AcquisitionRuntime, int], Awaitable[None]]
DISK_FULL_RETRY_S = 300.0  # room rarely appears within seconds; the files stay where they are
_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def _providers(ctx: JobContext) -> ProviderClients:
    providers: ProviderClients | None = ctx.services.get("providers")
    if providers is None:
        raise PermanentFailure("the worker runs without provider clients (job services)")
    return providers


@asynccontextmanager
async def open_runtime(ctx: JobContext) -> AsyncIterator[AcquisitionRuntime]:
    """The runtime of one job run: effective settings, slskd through the provider gateway,
    a plain HTTP client for covers, lyrics and media-server hooks, fenced transactions."""
    settings = await job_settings(ctx)
    slskd = _providers(ctx).slskd(settings)
    async with httpx.AsyncClient(mounts=ctx.services.get("http_mounts")) as http:
        yield AcquisitionRuntime(
            transaction=ctx.transaction, settings=settings, slskd=slskd, http=http
        )


def step_handler(step: Step, key: str) -> Callable[[JobContext], Awaitable[Any]]:
    """A job handler running ``step`` on ``payload[key]``: provider waits become retries
    after the provider's own wait, a missing slskd configuration a dead letter with the
    reason, a full disk a retry in a few minutes."""

    async def handle(ctx: JobContext) -> None:
        try:
            async with open_runtime(ctx) as runtime:
                await step(runtime, int(ctx.job.payload[key]))
        except (ProviderRateLimited, ProviderUnavailable) as exc:  # an open circuit included
            raise Retry(exc.retry_after, exc.message) from exc
        except ProviderNotConfigured as exc:
            raise PermanentFailure(exc.message) from exc
        except OSError as exc:
            if exc.errno not in _DISK_FULL:
                raise
            where = exc.filename2 or exc.filename or "a staging or library folder"
            raise Retry(DISK_FULL_RETRY_S, f"disk full: no space left for {where}") from exc

    handle.__doc__ = step.__doc__
    return handle


def register_acquisition_tasks(registry: TaskRegistry) -> None:
    """Register ``acquire.search``, ``acquire.download``, ``acquire.monitor`` and
    ``postprocess`` on ``registry``."""
    from tonearm.domain.postprocess.flow import run_postprocess

    steady = RetryPolicy(max_attempts=8, base_s=5.0, cap_s=300.0)
    registry.task(SEARCH_JOB, retry=steady)(step_handler(run_search, "track_id"))
    registry.task(DOWNLOAD_JOB, retry=steady)(step_handler(run_download, "download_id"))
    registry.task(MONITOR_JOB, retry=steady)(step_handler(run_monitor, "download_id"))
    registry.task(POSTPROCESS_JOB, retry=steady)(step_handler(run_postprocess, "download_id"))


def _register_on_shared_registry() -> None:
    from tonearm.domain.jobs import registry

    if SEARCH_JOB not in registry:
        register_acquisition_tasks(registry)


_register_on_shared_registry()
