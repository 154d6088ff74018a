"""One row per (schedule, due time) that was enqueued: makes a periodic firing happen once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from tonearm.db.base import Base, UTCDateTime, utcnow


class JobScheduleTick(Base):
    """A schedule fired for ``due_at``; the primary key makes concurrent schedulers agree."""

    __tablename__ = "job_schedule_tick"

    schedule: Mapped[str] = mapped_column(String(128), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    job_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
