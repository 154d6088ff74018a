"""Read-only counts for the dashboard: what happened to tracks today.

"Today" is the UTC day (from midnight UTC until now), the same clock every stored timestamp
uses; the dashboard says so next to the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import Download, Track

__all__ = ["TodayCounts", "start_of_day", "today_counts"]


@dataclass(frozen=True)
class TodayCounts:
    """Tracks that became wanted, started downloading, ended done or failed since ``since``."""

    since: datetime
    wanted: int
    downloading: int
    done: int
    failed: int

    def items(self) -> list[tuple[str, int]]:
        """(state, count) in the order a track moves through them."""
        return [
            ("wanted", self.wanted),
            ("downloading", self.downloading),
            ("done", self.done),
            ("failed", self.failed),
        ]


def start_of_day(now: datetime) -> datetime:
    """Midnight UTC of the day ``now`` falls on."""
    return datetime.combine(now.astimezone(UTC).date(), time(0), tzinfo=UTC)


async def _scalar(session: AsyncSession, stmt: Select[Any]) -> int:
    return int((await session.execute(stmt)).scalar_one() or 0)


async def today_counts(session: AsyncSession, now: datetime) -> TodayCounts:
    """Counts for the UTC day of ``now``.

    * wanted: tracks added today (every track starts wanted);
    * downloading: tracks (and hand-picked files) whose download started today;
    * done / failed: tracks whose state is done / failed and that last changed today.
    """
    since = start_of_day(now)
    wanted = await _scalar(session, select(func.count(Track.id)).where(Track.created_at >= since))
    started = Download.created_at >= since
    tracks_started = await _scalar(
        session, select(func.count(distinct(Download.track_id))).where(started)
    )
    manual_started = await _scalar(
        session,
        select(func.count(Download.id)).where(started, Download.track_id.is_(None)),
    )
    ended = {}
    for state in ("done", "failed"):
        ended[state] = await _scalar(
            session,
            select(func.count(Track.id)).where(Track.state == state, Track.updated_at >= since),
        )
    return TodayCounts(
        since=since,
        wanted=wanted,
        downloading=tracks_started + manual_started,
        done=ended["done"],
        failed=ended["failed"],
    )
