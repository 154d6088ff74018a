"""The dashboard: what is wanted, downloading, done and failed; queue; health; activity."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import TRACK_STATES
from tonearm.domain.acquisition import service as downloads
from tonearm.domain.activity import list_activity
from tonearm.domain.catalog import list_tracks
from tonearm.domain.system.checks import check_folders
from tonearm.domain.system.integrations import run_integration_checks
from tonearm.ui.context import effective_settings, services_of, transaction
from tonearm.ui.routes._common import page_router
from tonearm.ui.templating import is_htmx, render

router = page_router()


async def track_counts(session: AsyncSession) -> dict[str, int]:
    """Wanted tracks by state."""
    counts = {}
    for state in TRACK_STATES:
        _items, total = await list_tracks(session, state=state, limit=1)
        counts[state] = total
    return counts


async def dashboard_context(request: Request) -> dict[str, Any]:
    """Everything the dashboard shows, read in one transaction."""
    async with transaction(request) as session:
        settings = await effective_settings(request, session)
        counter = services_of(request).extras.get("queue_counts")
        queue: dict[str, int] = await counter(session) if counter else {}
        active = await downloads.list_downloads(
            session, state="downloading", track_id=None, limit=5, offset=0
        )
        recent = await list_activity(session, limit=8)
        tracks = await track_counts(session)
    checks = [*check_folders(settings), *await run_integration_checks(settings)]
    return {
        "tracks": tracks,
        "queue": queue,
        "active": active,
        "recent": recent.items,
        "checks": checks,
    }


@router.get("/")
async def dashboard(request: Request) -> Response:
    """The dashboard page (or only its live part, for htmx polling)."""
    context = await dashboard_context(request)
    block = "live" if is_htmx(request) and request.query_params.get("part") == "live" else None
    return render(request, "dashboard.html", context, block=block)
