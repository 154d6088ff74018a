"""A file in the music library, indexed with its tags."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, JSONValue, UTCDateTime, utcnow


class LibraryFile(Base):
    """One audio file under the library root (``path`` is relative to it, POSIX separators)."""

    __tablename__ = "library_file"
    __table_args__ = (
        Index("uq_library_file_path_hash", "path_hash", unique=True),
        Index("ix_library_file_track_id", "track_id"),
        Index("ix_library_file_isrc", "isrc"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(Text)
    path_hash: Mapped[str] = mapped_column(String(64))
    track_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("track.id", ondelete="SET NULL")
    )
    title: Mapped[str | None] = mapped_column(String(500))
    artists: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    album: Mapped[str | None] = mapped_column(String(500))
    album_artist: Mapped[str | None] = mapped_column(String(500))
    track_number: Mapped[int | None] = mapped_column(Integer)
    disc_number: Mapped[int | None] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    isrc: Mapped[str | None] = mapped_column(String(16))
    spotify_id: Mapped[str | None] = mapped_column(String(64))
    genre: Mapped[str | None] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(16))
    bitrate: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    has_cover: Mapped[bool] = mapped_column(default=False)
    has_lyrics: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
