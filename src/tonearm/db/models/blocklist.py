"""Peer/file pairs (or whole peers) that failed and must not be tried again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, UTCDateTime, utcnow

WHOLE_PEER = "*"


class BlocklistEntry(Base):
    """A failed ``(username, filename)`` pair; ``filename == "*"`` blocks the whole peer
    until ``expires_at`` (a daily/weekly limit rejection)."""

    __tablename__ = "blocklist"
    __table_args__ = (
        Index("uq_blocklist_username_filename", "username", "filename_hash", unique=True),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(255))
    filename: Mapped[str] = mapped_column(Text)
    filename_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
