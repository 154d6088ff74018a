"""A release of an artist (album, single, compilation or an appearance), soft-deletable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, UTCDateTime, utcnow

RELEASE_GROUPS = ("album", "single", "compilation", "appears_on")


class Release(Base):
    """One release in an artist's discography; ``active`` is False once it disappeared
    upstream (``inactive_reason`` says why) unless hard deletion is configured."""

    __tablename__ = "release"
    __table_args__ = (
        Index("uq_release_artist_spotify", "artist_id", "spotify_id", unique=True),
        Index("ix_release_spotify_id", "spotify_id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    artist_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("artist.id", ondelete="CASCADE"))
    spotify_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(500))
    release_type: Mapped[str] = mapped_column(String(16))
    album_group: Mapped[str] = mapped_column(String(16))
    release_date: Mapped[str | None] = mapped_column(String(10))
    release_date_precision: Mapped[str] = mapped_column(String(8), default="day")
    total_tracks: Mapped[int] = mapped_column(Integer, default=0)
    cover_url: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    inactive_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
