"""The library: files by artist and album, with their tags; scan for existing files."""

from __future__ import annotations

from fastapi import Request, Response

from tonearm.domain.library.schemas import LibraryTrackOut
from tonearm.domain.library.service import enqueue_scan, list_library
from tonearm.errors import TonearmError
from tonearm.ui.context import transaction
from tonearm.ui.messages import FriendlyError, friendly
from tonearm.ui.routes._common import int_param, notice_of, page_router, redirect, text_param
from tonearm.ui.templating import render

router = page_router()
PAGE_SIZE = 100


async def _page(
    request: Request, error: FriendlyError | None = None, status: int = 200
) -> Response:
    q = text_param(request, "q")
    offset = int_param(request, "offset", 0)
    async with transaction(request) as session:
        rows, total = await list_library(session, q=q, limit=PAGE_SIZE, offset=offset)
        items = [LibraryTrackOut.model_validate(row) for row in rows]
    page = {"items": items, "total": total, "limit": PAGE_SIZE, "offset": offset}
    context = {"page": page, "q": q, "notice": notice_of(request), "error": error}
    return render(request, "library.html", context, status=status)


@router.get("/library")
async def library(request: Request) -> Response:
    """Library files grouped by album artist and album."""
    return await _page(request)


@router.post("/library/scan")
async def scan(request: Request) -> Response:
    """Queue a scan that indexes files already in the library folder."""
    try:
        async with transaction(request, write=True) as session:
            await enqueue_scan(session)
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    return redirect("/library", "scan_queued")
