"""Shared Soulseek search etiquette state: one row per provider, read and written under a lock
so every worker on every host respects the same limits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, JSONValue, UTCDateTime, utcnow


class AcquisitionRateState(Base):
    """Recent search start times, running search leases and the global back-off."""

    __tablename__ = "acquisition_rate_state"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    # ISO timestamps of searches started inside the sliding window
    started: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    # lease token -> ISO expiry of each running search
    running: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    backoff_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
