"""A setting stored through the API; it overrides the environment and the default."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, JSONValue, UTCDateTime, utcnow


class Setting(Base):
    """One effective-value override. ``value`` is JSON; secrets are stored encrypted."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONValue, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
