"""System statistics and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from tonearm.api.deps import DbSession, EffectiveSettings, PsutilSource, ServicesDep
from tonearm.domain.system.stats import SystemStats, collect_stats

router = APIRouter(tags=["system"])


@router.get("/api/v1/system/stats", response_model=SystemStats)
async def stats(
    services: ServicesDep, session: DbSession, psutil: PsutilSource, settings: EffectiveSettings
) -> SystemStats:
    """CPU, memory, disk, this process and job counts by status."""
    counter = services.extras.get("queue_counts")
    queue: dict[str, int] = await counter(session) if counter else {}
    return collect_stats(psutil, settings.resolved_library_dir, services.started_at, queue)


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
