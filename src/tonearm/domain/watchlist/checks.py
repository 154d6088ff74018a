"""When a watched artist is checked: the periodic tick, cooldowns and the retry budget."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.db.base import utcnow
from tonearm.db.models import WatchlistEntry
from tonearm.domain.activity import record_activity
from tonearm.domain.artists.queue import enqueue_artist_sync
from tonearm.domain.watchlist.service import resume

__all__ = [
    "CheckPolicy",
    "budget_spent",
    "is_paused",
    "record_check_failure",
    "record_check_success",
    "run_tick",
]


@dataclass(frozen=True)
class CheckPolicy:
    """How often artists are checked and how failures are rationed."""

    interval_s: float = 86400.0
    jitter_s: float = 3600.0
    max_per_tick: int = 20
    retry_budget: int = 3
    retry_delay_s: float = 900.0
    cooldown_s: float = 21600.0

    @classmethod
    def from_settings(cls, settings: Settings) -> CheckPolicy:
        """The policy the settings describe."""
        return cls(
            interval_s=settings.watchlist_interval_s,
            jitter_s=settings.watchlist_jitter_s,
            max_per_tick=settings.watchlist_max_per_tick,
            retry_budget=settings.watchlist_retry_budget,
            retry_delay_s=settings.watchlist_retry_delay_s,
            cooldown_s=settings.watchlist_cooldown_s,
        )

    def next_check(self, now: datetime, rng: random.Random | None = None) -> datetime:
        """The next regular check, spread by jitter so artists do not bunch up."""
        spread = (rng or random).uniform(0, self.jitter_s) if self.jitter_s else 0.0
        return now + timedelta(seconds=self.interval_s + spread)


def is_paused(entry: WatchlistEntry, now: datetime) -> bool:
    """Paused, and its resume time (if any) has not passed."""
    return entry.paused and (entry.resume_at is None or entry.resume_at > now)


def budget_spent(entry: WatchlistEntry, now: datetime) -> bool:
    """The retry budget is spent and the cooldown still runs."""
    return entry.cooldown_until is not None and entry.cooldown_until > now


async def run_tick(
    session: AsyncSession,
    policy: CheckPolicy,
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> list[str]:
    """Enqueue a sync for each due artist (highest priority first, at most
    ``max_per_tick``); paused and cooling-down artists are skipped. Returns their keys."""
    now = now or utcnow()
    stmt = (
        select(WatchlistEntry)
        .where(
            or_(
                WatchlistEntry.paused.is_(False),
                WatchlistEntry.resume_at <= now,
            ),
            or_(WatchlistEntry.cooldown_until.is_(None), WatchlistEntry.cooldown_until <= now),
            or_(WatchlistEntry.next_check_at.is_(None), WatchlistEntry.next_check_at <= now),
        )
        .order_by(
            WatchlistEntry.priority.desc(),
            WatchlistEntry.next_check_at.is_(None).desc(),
            WatchlistEntry.next_check_at,
            WatchlistEntry.id,
        )
        .limit(policy.max_per_tick)
    )
    keys: list[str] = []
    for entry in (await session.execute(stmt)).scalars():
        if entry.paused:
            await resume(session, entry, now=now, automatic=True)
        if entry.cooldown_until is not None:  # the cooldown is over: a fresh budget
            entry.cooldown_until = None
            entry.failures = 0
        await enqueue_artist_sync(session, entry.artist_key, origin="watchlist", priority=0)
        # Provisional: the sync sets the real next check when it finishes.
        entry.next_check_at = policy.next_check(now, rng)
        entry.updated_at = now
        keys.append(entry.artist_key)
    await session.flush()
    return keys


async def record_check_success(
    session: AsyncSession,
    entry: WatchlistEntry,
    policy: CheckPolicy,
    *,
    now: datetime,
    rng: random.Random | None = None,
) -> None:
    """A check finished: reset the budget and schedule the next one."""
    entry.last_checked_at = now
    entry.next_check_at = policy.next_check(now, rng)
    entry.failures = 0
    entry.cooldown_until = None
    entry.last_error = None
    entry.updated_at = now
    await session.flush()


async def record_check_failure(
    session: AsyncSession, entry: WatchlistEntry, policy: CheckPolicy, error: str, *, now: datetime
) -> bool:
    """A check failed: retry later, or cool down once the budget is spent (True then)."""
    entry.failures += 1
    entry.last_error = error[:2000]
    entry.updated_at = now
    if entry.failures >= policy.retry_budget:
        entry.cooldown_until = now + timedelta(seconds=policy.cooldown_s)
        entry.next_check_at = entry.cooldown_until
        await record_activity(
            session,
            "watchlist.cooldown",
            f"Artist checks paused after {entry.failures} failures: {entry.name or ''}".rstrip(
                ": "
            ),
            entity_type="artist",
            entity_id=entry.artist_key,
            details={"error": entry.last_error, "until": entry.cooldown_until.isoformat()},
        )
        await session.flush()
        return True
    entry.next_check_at = now + timedelta(seconds=policy.retry_delay_s)
    await session.flush()
    return False
