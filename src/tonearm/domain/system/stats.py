"""Machine and process statistics (shared by the API's `/system/stats` and the UI)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

__all__ = [
    "CpuStats",
    "DiskStats",
    "MemoryStats",
    "ProcessStats",
    "SystemStats",
    "collect_stats",
]


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


def collect_stats(
    psutil: Any, library_dir: Path, started_at: float, queue: dict[str, int]
) -> SystemStats:
    """CPU, memory, the library's disk and this process, read from a psutil-like source."""
    memory = psutil.virtual_memory()
    disk = psutil.disk_usage(str(_existing_parent(library_dir)))
    process = psutil.Process(os.getpid())
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
            uptime_s=round(time.time() - started_at, 3),
        ),
        queue=queue,
    )


def _existing_parent(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path
