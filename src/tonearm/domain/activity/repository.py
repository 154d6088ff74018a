"""All SQL of the activity feed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from tonearm.db.models import ActivityEvent

SelectT = TypeVar("SelectT", bound=Select[Any])


def _filtered(
    stmt: SelectT, type_: str | None, entity_type: str | None, entity_id: str | None
) -> SelectT:
    if type_:
        stmt = stmt.where(ActivityEvent.type == type_)
    if entity_type:
        stmt = stmt.where(ActivityEvent.entity_type == entity_type)
    if entity_id:
        stmt = stmt.where(ActivityEvent.entity_id == entity_id)
    return stmt


async def fetch_page(
    session: AsyncSession,
    *,
    limit: int,
    before_id: int | None,
    type_: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
) -> Sequence[ActivityEvent]:
    """Up to ``limit`` events older than ``before_id``, newest first."""
    stmt = _filtered(select(ActivityEvent), type_, entity_type, entity_id)
    if before_id is not None:
        stmt = stmt.where(ActivityEvent.id < before_id)
    rows = await session.scalars(stmt.order_by(ActivityEvent.id.desc()).limit(limit))
    return rows.all()


async def count(
    session: AsyncSession,
    *,
    type_: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
) -> int:
    """How many events match the filters."""
    stmt = _filtered(select(func.count(ActivityEvent.id)), type_, entity_type, entity_id)
    return int((await session.execute(stmt)).scalar_one())
