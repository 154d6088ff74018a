"""A track of a release, as listed by Spotify."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, JSONValue


class ReleaseTrack(Base):
    """One track of a :class:`Release` (replaced with the release's track list on change)."""

    __tablename__ = "release_track"
    __table_args__ = (
        Index("uq_release_track_release_spotify", "release_id", "spotify_id", unique=True),
        Index("ix_release_track_spotify_id", "spotify_id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    release_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("release.id", ondelete="CASCADE")
    )
    spotify_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(500))
    artists: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    track_number: Mapped[int] = mapped_column(Integer, default=1)
    disc_number: Mapped[int] = mapped_column(Integer, default=1)
    explicit: Mapped[bool] = mapped_column(Boolean, default=False)
