"""The activity feed with filters."""

from __future__ import annotations

from fastapi import Request, Response

from tonearm.domain.activity import list_activity
from tonearm.errors import TonearmError
from tonearm.ui.context import transaction
from tonearm.ui.messages import friendly
from tonearm.ui.routes._common import page_router, text_param
from tonearm.ui.templating import is_htmx, render

router = page_router()


@router.get("/activity")
async def activity(request: Request) -> Response:
    """Newest first; filter by type and entity; older pages by cursor."""
    filters = {
        "type": text_param(request, "type", 64),
        "entity": text_param(request, "entity", 160),
        "cursor": text_param(request, "cursor", 64),
    }
    try:
        async with transaction(request) as session:
            page = await list_activity(
                session,
                limit=50,
                cursor=filters["cursor"],
                type_=filters["type"],
                entity=filters["entity"],
            )
    except TonearmError as exc:  # a stale cursor: show the first page and say why
        error = friendly(exc)
        async with transaction(request) as session:
            page = await list_activity(session, limit=50)
        return render(request, "activity.html", {"page": page, "f": filters, "error": error})
    live = is_htmx(request) and request.query_params.get("part") == "live"
    return render(
        request, "activity.html", {"page": page, "f": filters}, block="live" if live else None
    )
