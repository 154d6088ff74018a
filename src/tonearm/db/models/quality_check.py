"""When a track's lossy library file was last searched for a better one, and what came of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, UTCDateTime, utcnow


class QualityCheck(Base):
    """One row per track that has been checked for an upgrade (the oldest check goes first)."""

    __tablename__ = "quality_check"
    __table_args__ = (Index("ix_quality_check_checked_at", "checked_at"),)

    track_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("track.id", ondelete="CASCADE"),
        primary_key=True,
    )
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "started" (a better file is downloading), "none" (nothing better), "best" (already top tier)
    outcome: Mapped[str] = mapped_column(String(16))
    checks: Mapped[int] = mapped_column(Integer, default=0)
