"""A free import: what was pasted or uploaded, what was skipped and why, and its progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, JSONValue, UTCDateTime, utcnow

IMPORT_STATUSES = ("queued", "running", "waiting_credentials", "done", "failed")


class ImportJob(Base):
    """One import. ``items`` are the accepted entries still to turn into wanted tracks;
    ``pending_links`` are links kept until credentials exist (the backfill expands them)."""

    __tablename__ = "import_job"
    __table_args__ = (Index("ix_import_job_status", "status"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(32), default="queued")
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSONValue, default=list)
    skipped: Mapped[list[dict[str, Any]]] = mapped_column(JSONValue, default=list)
    pending_links: Mapped[list[dict[str, Any]]] = mapped_column(JSONValue, default=list)
    track_ids: Mapped[list[int]] = mapped_column(JSONValue, default=list)
    registered: Mapped[int] = mapped_column(Integer, default=0)
    normalized: Mapped[int] = mapped_column(Integer, default=0)
    queued: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
