"""A download: one file fetched from one Soulseek peer for (usually) one wanted track."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, JSONValue, UTCDateTime, utcnow

DOWNLOAD_STATES = (
    "queued",
    "requested",
    "downloading",
    "downloaded",
    "processing",
    "done",
    "failed",
    "cancelled",
)
ACTIVE_DOWNLOAD_STATES = ("queued", "requested", "downloading", "downloaded", "processing")


class Download(Base):
    """One transfer and its processing (``queued → requested → downloading → downloaded →
    processing → done | failed | cancelled``).

    ``active_track_id`` equals ``track_id`` while the download is active and is NULL after:
    its unique index makes a second active download of the same track impossible.
    """

    __tablename__ = "download"
    __table_args__ = (
        Index("ix_download_active_track_id", "active_track_id", unique=True),
        Index("ix_download_track_id", "track_id", "id"),
        Index("ix_download_state_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    track_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("track.id", ondelete="CASCADE")
    )
    active_track_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite")
    )
    candidate_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("download_candidate.id", ondelete="SET NULL"),
    )
    state: Mapped[str] = mapped_column(String(16), default="queued")
    username: Mapped[str] = mapped_column(String(255))
    filename: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    format: Mapped[str | None] = mapped_column(String(16))
    bitrate: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    breakdown: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    batch_id: Mapped[str | None] = mapped_column(String(64))
    transfer_id: Mapped[str | None] = mapped_column(String(64))
    transfer_state: Mapped[str | None] = mapped_column(String(64))
    local_path: Mapped[str | None] = mapped_column(Text)
    library_path: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    last_progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
