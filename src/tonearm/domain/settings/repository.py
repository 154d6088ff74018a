"""All SQL of stored settings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import Setting


async def load_all(session: AsyncSession) -> dict[str, Any]:
    """Every stored override, key -> raw JSON value."""
    rows = await session.scalars(select(Setting))
    return {row.key: row.value for row in rows}


async def upsert(session: AsyncSession, key: str, value: Any) -> None:
    """Store ``value`` (JSON; None means an explicit null) for ``key``."""
    row = await session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated_at=utcnow()))
    else:
        row.value = value
        row.updated_at = utcnow()
    await session.flush()
