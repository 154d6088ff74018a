"""A Spotify playlist Tonearm follows and syncs into wanted tracks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, UTCDateTime, utcnow


class Playlist(Base):
    """One synced playlist. ``revision`` grows by one on every sync that changes it, so
    response ETags never depend on timestamps alone."""

    __tablename__ = "playlist"
    __table_args__ = (Index("ix_playlist_spotify_id", "spotify_id", unique=True),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    spotify_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[str | None] = mapped_column(String(200))
    owner_name: Mapped[str | None] = mapped_column(String(500))
    public: Mapped[bool | None] = mapped_column(Boolean)
    snapshot_id: Mapped[str | None] = mapped_column(String(200))
    track_count: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    followed: Mapped[bool] = mapped_column(Boolean, default=True)
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
