"""All SQL of quality upgrades."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import Download, LibraryFile, QualityCheck, Track

__all__ = ["LOSSLESS_FORMATS", "due_tracks", "record_check"]

#: Library file formats that are never upgraded (nothing is better than lossless).
LOSSLESS_FORMATS = ("flac",)


async def due_tracks(
    session: AsyncSession, now: datetime, interval_s: float, limit: int
) -> Sequence[int]:
    """Done tracks whose library file is lossy, not checked for ``interval_s`` and not
    downloading; never-checked tracks first, then the oldest checks."""
    cutoff = now - timedelta(seconds=interval_s)
    active = select(Download.id).where(Download.active_track_id == Track.id).exists()
    query = (
        select(Track.id)
        .join(
            LibraryFile,
            (LibraryFile.track_id == Track.id) & (LibraryFile.path == Track.library_path),
        )
        .outerjoin(QualityCheck, QualityCheck.track_id == Track.id)
        .where(
            Track.state == "done",
            LibraryFile.format.not_in(LOSSLESS_FORMATS),
            (QualityCheck.checked_at.is_(None)) | (QualityCheck.checked_at <= cutoff),
            ~active,
        )
        .order_by(QualityCheck.checked_at.is_not(None), QualityCheck.checked_at, Track.id)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


async def record_check(session: AsyncSession, track_id: int, outcome: str, at: datetime) -> None:
    """Remember when the track was checked and what came of it."""
    row = await session.get(QualityCheck, track_id)
    if row is None:
        row = QualityCheck(track_id=track_id, checks=0)
        session.add(row)
    row.checked_at, row.outcome, row.checks = at, outcome, row.checks + 1
    await session.flush()
