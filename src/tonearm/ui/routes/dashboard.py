"""The dashboard: what became wanted, downloading, done and failed today; the job queue;
provider health; recent activity."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from tonearm.config import Settings
from tonearm.db.base import utcnow
from tonearm.domain.acquisition import service as downloads
from tonearm.domain.activity import list_activity
from tonearm.domain.providers import ProviderClients, integrations_report
from tonearm.domain.system.checks import check_folders
from tonearm.domain.system.today import today_counts
from tonearm.ui.context import effective_settings, services_of, transaction
from tonearm.ui.routes._common import page_router
from tonearm.ui.templating import is_htmx, render

router = page_router()


async def provider_health(request: Request, settings: Settings) -> list[dict[str, str]]:
    """Each provider's status through the gateway (cached tokens, shared circuit state), so a
    dashboard polling every few seconds never hammers Spotify or slskd."""
    clients = services_of(request).extras.get("providers")
    if not isinstance(clients, ProviderClients):
        return [{"name": "providers", "status": "skipped", "detail": "not wired here"}]
    report = await integrations_report(clients, settings)
    return [
        {
            "name": item.name,
            "status": item.status,
            "detail": item.last_error or ("not configured" if not item.configured else ""),
        }
        for item in report.items
    ]


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
        today = await today_counts(session, utcnow())
    folders = [
        {"name": c.name, "status": c.status, "detail": c.detail} for c in check_folders(settings)
    ]
    return {
        "today": today,
        "queue": queue,
        "queue_depth": queue.get("queued", 0),
        "active": active,
        "recent": recent.items,
        "checks": [*await provider_health(request, settings), *folders],
    }


@router.get("/")
async def dashboard(request: Request) -> Response:
    """The dashboard page (or only its live part, for htmx polling)."""
    context = await dashboard_context(request)
    block = "live" if is_htmx(request) and request.query_params.get("part") == "live" else None
    return render(request, "dashboard.html", context, block=block)
