"""The library: indexed files with their tags, and scans that import existing files."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from tonearm.api.deps import DbSession
from tonearm.domain.library.schemas import LibraryPage, LibraryTrackOut
from tonearm.domain.library.service import enqueue_scan, list_library

router = APIRouter(prefix="/api/v1/library", tags=["library"])


@router.get("/tracks", response_model=LibraryPage)
async def list_tracks(
    session: DbSession,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> LibraryPage:
    """Files in the library with their tags, filtered by ``q`` (title, album, artist, path)."""
    rows, total = await list_library(session, q=q, limit=limit, offset=offset)
    items = [LibraryTrackOut.model_validate(row) for row in rows]
    return LibraryPage(items=items, total=total, limit=limit, offset=offset)


@router.post("/scan", status_code=202)
async def scan(session: DbSession) -> dict[str, Any]:
    """Queue a scan that indexes existing files so they count as owned."""
    job_id, already = await enqueue_scan(session)
    body: dict[str, Any] = {"job_id": job_id, "status": "queued"}
    if already:
        body["already_queued"] = True
    return body
