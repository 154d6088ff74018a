"""Write to and read the activity feed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import ActivityEvent
from tonearm.domain.activity import repository
from tonearm.domain.activity.schemas import ActivityEventOut, ActivityPage
from tonearm.errors import ValidationFailed
from tonearm.kit.cursor import decode_cursor, encode_cursor


async def record_activity(
    session: AsyncSession,
    type_: str,
    summary: str,
    *,
    entity_type: str | None = None,
    entity_id: str | int | None = None,
    details: dict[str, Any] | None = None,
) -> ActivityEvent:
    """Add one feed row in the caller's transaction (flushed, not committed)."""
    event = ActivityEvent(
        type=type_,
        summary=summary,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        details=details or {},
    )
    session.add(event)
    await session.flush()
    return event


async def list_activity(
    session: AsyncSession,
    *,
    limit: int = 50,
    cursor: str | None = None,
    type_: str | None = None,
    entity: str | None = None,
) -> ActivityPage:
    """A newest-first page. ``entity`` is ``<type>:<id>`` or a bare entity id."""
    try:
        before_id = decode_cursor(cursor)
    except ValueError as exc:
        raise ValidationFailed("invalid cursor", details={"cursor": cursor}) from exc
    entity_type, entity_id = _split_entity(entity)
    filters = {"type_": type_, "entity_type": entity_type, "entity_id": entity_id}
    rows = await repository.fetch_page(session, limit=limit + 1, before_id=before_id, **filters)
    items = [ActivityEventOut.model_validate(row) for row in rows[:limit]]
    next_cursor = encode_cursor(items[-1].id) if len(rows) > limit and items else None
    total = await repository.count(session, **filters)
    return ActivityPage(items=items, total=total, limit=limit, cursor=next_cursor)


def _split_entity(entity: str | None) -> tuple[str | None, str | None]:
    if not entity:
        return None, None
    kind, sep, ident = entity.partition(":")
    if sep and kind and ident and kind != "spotify":
        return kind, ident
    return None, entity
