"""Admin artist operations (only mounted when the admin feature flag is on)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from tonearm.api.deps import DbSession
from tonearm.domain.activity import ActivityPage, list_activity

router = APIRouter(prefix="/api/v1/admin/artists", tags=["admin"])

ArtistKey = Annotated[str, Path(pattern=r"^spotify:[A-Za-z0-9]{1,64}$", max_length=72)]


@router.get("/{artist_key}/audit", response_model=ActivityPage)
async def artist_audit(
    artist_key: ArtistKey,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> ActivityPage:
    """Audit trail of one artist (from the activity feed), newest first, cursor-paginated."""
    return await list_activity(session, limit=limit, cursor=cursor, entity=f"artist:{artist_key}")
