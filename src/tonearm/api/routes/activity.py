"""The activity feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tonearm.api.deps import DbSession
from tonearm.domain.activity import ActivityPage, list_activity

router = APIRouter(prefix="/api/v1/activity", tags=["activity"])


@router.get("", response_model=ActivityPage)
async def activity(
    session: DbSession,
    type: Annotated[str | None, Query(max_length=64)] = None,
    entity: Annotated[str | None, Query(max_length=160)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> ActivityPage:
    """Newest first; filter by ``type`` and ``entity`` (``<entity_type>:<id>`` or an id)."""
    return await list_activity(session, limit=limit, cursor=cursor, type_=type, entity=entity)
