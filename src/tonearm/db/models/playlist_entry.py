"""One position of a synced playlist, pointing at a wanted track."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, UTCDateTime


class PlaylistEntry(Base):
    """The track at ``position`` of a playlist and when it was added there."""

    __tablename__ = "playlist_entry"
    __table_args__ = (
        Index("ix_playlist_entry_playlist_position", "playlist_id", "position", unique=True),
        Index("ix_playlist_entry_track_id", "track_id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    playlist_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("playlist.id", ondelete="CASCADE"),
    )
    position: Mapped[int] = mapped_column(Integer)
    track_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("track.id", ondelete="SET NULL"),
    )
    spotify_track_id: Mapped[str | None] = mapped_column(String(64))
    added_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
