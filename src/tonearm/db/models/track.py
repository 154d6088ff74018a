"""A wanted track: one row per song a person wants, whatever the source, never duplicated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, JSONValue, UTCDateTime, utcnow

TRACK_STATES = ("wanted", "searching", "downloading", "processing", "done", "failed")


class Track(Base):
    """A song and its acquisition state (``wanted → searching → downloading → processing →
    done | failed``). Deduplicated by Spotify id, then ISRC, then ``match_key``."""

    __tablename__ = "track"
    __table_args__ = (
        Index("ix_track_spotify_id", "spotify_id", unique=True),
        Index("ix_track_isrc", "isrc"),
        Index("ix_track_match_key", "match_key"),
        Index("ix_track_state_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(500))
    artists: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    album: Mapped[str | None] = mapped_column(String(500))
    album_artist: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    isrc: Mapped[str | None] = mapped_column(String(16))
    spotify_id: Mapped[str | None] = mapped_column(String(64))
    spotify_album_id: Mapped[str | None] = mapped_column(String(64))
    spotify_artist_ids: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    track_number: Mapped[int | None] = mapped_column(Integer)
    disc_number: Mapped[int | None] = mapped_column(Integer)
    release_year: Mapped[int | None] = mapped_column(Integer)
    explicit: Mapped[bool] = mapped_column(Boolean, default=False)
    genre: Mapped[str | None] = mapped_column(String(200))
    cover_url: Mapped[str | None] = mapped_column(Text)
    # normalised "artist|title" used for dedupe when no Spotify id / ISRC is known
    match_key: Mapped[str] = mapped_column(String(600))
    source: Mapped[str] = mapped_column(String(32), default="manual")
    state: Mapped[str] = mapped_column(String(16), default="wanted")
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    library_path: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSONValue, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
