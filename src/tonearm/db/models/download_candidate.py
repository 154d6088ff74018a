"""A ranked search result kept for a wanted track, with its score explanation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, JSONValue, UTCDateTime, utcnow

CANDIDATE_STATUSES = ("new", "tried", "failed")


class DownloadCandidate(Base):
    """One file a peer offered for a track in one search round, ranked by the matching engine."""

    __tablename__ = "download_candidate"
    __table_args__ = (
        Index("ix_download_candidate_track_round", "track_id", "search_round", "position"),
        Index(
            "uq_download_candidate_track_round_file",
            "track_id",
            "search_round",
            "username",
            "filename_hash",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    track_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("track.id", ondelete="CASCADE")
    )
    search_round: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer)
    query: Mapped[str] = mapped_column(Text, default="")
    username: Mapped[str] = mapped_column(String(255))
    filename: Mapped[str] = mapped_column(Text)
    filename_hash: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    extension: Mapped[str] = mapped_column(String(16), default="")
    bitrate: Mapped[int | None] = mapped_column(Integer)
    length_s: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    verdict: Mapped[str] = mapped_column(String(16))
    quality: Mapped[str | None] = mapped_column(String(32))
    breakdown: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
