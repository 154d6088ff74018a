"""An artist followed or looked up through Spotify (key ``spotify:<id>``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, BigIntPK, JSONValue, UTCDateTime, utcnow


class Artist(Base):
    """An artist's profile as last synced; ``synced_at`` is when the data was last verified."""

    __tablename__ = "artist"
    __table_args__ = (Index("uq_artist_key", "key", unique=True),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(80))
    spotify_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(500))
    genres: Mapped[list[str]] = mapped_column(JSONValue, default=list)
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSONValue, default=list)
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
