"""A watched artist: when to check it next, whether it is paused, its retry budget."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, JSONValue, UTCDateTime, utcnow


class WatchlistEntry(Base):
    """One artist on the watchlist. A paused entry is never scanned until resumed or until
    ``resume_at`` passes; ``failures`` counts consecutive failed checks (the retry budget),
    and ``cooldown_until`` holds checks back once the budget is spent."""

    __tablename__ = "watchlist_entry"
    __table_args__ = (
        Index("uq_watchlist_entry_artist_key", "artist_key", unique=True),
        Index("ix_watchlist_entry_due", "paused", "next_check_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    artist_key: Mapped[str] = mapped_column(String(80))
    name: Mapped[str | None] = mapped_column(String(500))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    release_groups: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    pause_reason: Mapped[str | None] = mapped_column(Text)
    resume_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    cooldown_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
