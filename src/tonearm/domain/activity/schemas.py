"""Activity feed schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class ActivityEventOut(BaseModel):
    """One activity event."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    type: str
    entity_type: str | None
    entity_id: str | None
    summary: str
    details: dict[str, Any]


class ActivityPage(BaseModel):
    """A newest-first page of the feed; pass ``cursor`` back to get the next page."""

    items: list[ActivityEventOut]
    total: int
    limit: int
    cursor: str | None
