"""System statistics and Prometheus metrics."""

from __future__ import annotations

import os
import time
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel

from tonearm.api.deps import DbSession, EffectiveSettings, PsutilSource, ServicesDep

router = APIRouter(tags=["system"])


class CpuStats(BaseModel):
    """CPU usage."""

    percent: float
    count: int | None


class MemoryStats(BaseModel):
    """System memory."""

    total: int
    available: int
    percent: float


class DiskStats(BaseModel):
    """The library disk."""

    total: int
    used: int
    free: int
    percent: float


class ProcessStats(BaseModel):
    """This process."""

    rss: int
    threads: int
    uptime_s: float


class SystemStats(BaseModel):
    """What `/api/v1/system/stats` returns."""

    cpu: CpuStats
    memory: MemoryStats
    disk: DiskStats
    process: ProcessStats
    queue: dict[str, int]


@router.get("/api/v1/system/stats", response_model=SystemStats)
async def stats(
    services: ServicesDep, session: DbSession, psutil: PsutilSource, settings: EffectiveSettings
) -> SystemStats:
    """CPU, memory, disk, this process and job counts by status."""
    memory = psutil.virtual_memory()
    disk = psutil.disk_usage(str(_existing_parent(settings.resolved_library_dir)))
    process = psutil.Process(os.getpid())
    counter = services.extras.get("queue_counts")
    queue: dict[str, int] = await counter(session) if counter else {}
    return SystemStats(
        cpu=CpuStats(percent=float(psutil.cpu_percent(interval=None)), count=psutil.cpu_count()),
        memory=MemoryStats(
            total=memory.total, available=memory.available, percent=float(memory.percent)
        ),
        disk=DiskStats(
            total=disk.total, used=disk.used, free=disk.free, percent=float(disk.percent)
        ),
        process=ProcessStats(
            rss=process.memory_info().rss,
            threads=process.num_threads(),
            uptime_s=round(time.time() - services.started_at, 3),
        ),
        queue=queue,
    )


def _existing_parent(path: Any) -> Any:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text"}},
)
async def metrics(services: ServicesDep) -> Response:
    """Prometheus metrics in the text exposition format."""
    return Response(
        await services.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8"
    )
