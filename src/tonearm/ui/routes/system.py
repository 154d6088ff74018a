"""System: machine stats, health checks, integrations."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from tonearm.domain.system import run_local_checks
from tonearm.domain.system.integrations import run_integration_checks
from tonearm.domain.system.stats import collect_stats
from tonearm.kit.process import psutil_source
from tonearm.ui.context import effective_settings, services_of, transaction
from tonearm.ui.routes._common import page_router
from tonearm.ui.templating import is_htmx, render

router = page_router()


def _psutil(request: Request) -> Any:
    # The same injectable source as the API's stats route.
    return psutil_source(request.app.state)


@router.get("/system")
async def system(request: Request) -> Response:
    """Stats (polled), health checks and integrations."""
    services = services_of(request)
    async with transaction(request) as session:
        settings = await effective_settings(request, session)
        counter = services.extras.get("queue_counts")
        queue: dict[str, int] = await counter(session) if counter else {}
    stats = collect_stats(
        _psutil(request), settings.resolved_library_dir, services.started_at, queue
    )
    live = is_htmx(request) and request.query_params.get("part") == "live"
    if live:
        return render(request, "system.html", {"stats": stats}, block="live")
    context = {
        "stats": stats,
        "checks": await run_local_checks(settings),
        "integrations": await run_integration_checks(settings),
        "version": request.app.version,
    }
    return render(request, "system.html", context)
