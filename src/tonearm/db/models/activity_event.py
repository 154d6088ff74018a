"""The user-visible activity feed and audit trail (``activity_events``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, JSONValue, UTCDateTime, utcnow


class ActivityEvent(Base):
    """Something that happened that a person would want to see later."""

    __tablename__ = "activity_event"
    __table_args__ = (
        Index("ix_activity_event_type_id", "type", "id"),
        Index("ix_activity_event_entity", "entity_type", "entity_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    type: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(128))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
