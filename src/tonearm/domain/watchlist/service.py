"""The watchlist API: add, list, change, pause, resume, delete (each change in the feed)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import WatchlistEntry
from tonearm.domain.activity import record_activity
from tonearm.domain.artists.keys import spotify_id_of
from tonearm.domain.watchlist.errors import AlreadyWatched, NotWatched
from tonearm.domain.watchlist.schemas import (
    WatchlistEntryIn,
    WatchlistEntryOut,
    WatchlistPage,
    WatchlistPatch,
    WatchlistPause,
)

__all__ = [
    "add_entry",
    "get_entry",
    "list_entries",
    "pause_entry",
    "remove_entry",
    "resume_entry",
    "update_entry",
]


async def get_entry(session: AsyncSession, key: str) -> WatchlistEntry | None:
    """The entry of ``key``, if watched."""
    stmt = select(WatchlistEntry).where(WatchlistEntry.artist_key == key)
    return (await session.execute(stmt)).scalar_one_or_none()


async def _require(session: AsyncSession, key: str) -> WatchlistEntry:
    entry = await get_entry(session, key)
    if entry is None:
        raise NotWatched(details={"artist_key": key})
    return entry


async def list_entries(session: AsyncSession, *, limit: int = 50, offset: int = 0) -> WatchlistPage:
    """Entries by priority (highest first), then next due (never checked first)."""
    stmt = (
        select(WatchlistEntry)
        .order_by(
            WatchlistEntry.priority.desc(),
            WatchlistEntry.next_check_at.is_(None).desc(),
            WatchlistEntry.next_check_at,
            WatchlistEntry.id,
        )
        .limit(limit)
        .offset(offset)
    )
    rows = (await session.execute(stmt)).scalars().all()
    total = (await session.execute(select(func.count()).select_from(WatchlistEntry))).scalar_one()
    items = [WatchlistEntryOut.model_validate(row) for row in rows]
    return WatchlistPage(items=items, total=total, limit=limit, offset=offset)


async def add_entry(
    session: AsyncSession, body: WatchlistEntryIn, default_groups: list[str]
) -> WatchlistEntryOut:
    """Watch an artist; :class:`AlreadyWatched` when it is already watched."""
    spotify_id_of(body.artist_key)
    if await get_entry(session, body.artist_key) is not None:
        raise AlreadyWatched(details={"artist_key": body.artist_key})
    now = utcnow()
    entry = WatchlistEntry(
        artist_key=body.artist_key,
        name=body.name,
        priority=body.priority,
        release_groups=list(body.release_groups or default_groups),
        paused=False,
        failures=0,
        created_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(entry)
    except IntegrityError as exc:  # added concurrently
        raise AlreadyWatched(details={"artist_key": body.artist_key}) from exc
    await _audit(session, entry, "watchlist.added", "Artist added to the watchlist")
    return WatchlistEntryOut.model_validate(entry)


async def update_entry(session: AsyncSession, key: str, patch: WatchlistPatch) -> WatchlistEntryOut:
    """Change priority and/or the release filter."""
    entry = await _require(session, key)
    if patch.priority is not None:
        entry.priority = patch.priority
    if patch.release_groups is not None:
        entry.release_groups = list(patch.release_groups)
    entry.updated_at = utcnow()
    await session.flush()
    return WatchlistEntryOut.model_validate(entry)


async def pause_entry(session: AsyncSession, key: str, body: WatchlistPause) -> WatchlistEntryOut:
    """Stop checking the artist until resumed (or until ``resume_at``)."""
    entry = await _require(session, key)
    resume_at = body.resume_at
    if resume_at is not None and resume_at.tzinfo is None:
        resume_at = resume_at.replace(tzinfo=UTC)
    entry.paused = True
    entry.pause_reason = body.reason
    entry.resume_at = resume_at
    entry.updated_at = utcnow()
    until = f" until {resume_at.isoformat()}" if resume_at else ""
    reason = f": {body.reason}" if body.reason else ""
    await _audit(session, entry, "watchlist.paused", f"Artist paused{until}{reason}")
    return WatchlistEntryOut.model_validate(entry)


async def resume_entry(
    session: AsyncSession, key: str, *, now: datetime | None = None, automatic: bool = False
) -> WatchlistEntryOut:
    """Check the artist again (due at once)."""
    entry = await _require(session, key)
    await resume(session, entry, now=now, automatic=automatic)
    return WatchlistEntryOut.model_validate(entry)


async def resume(
    session: AsyncSession,
    entry: WatchlistEntry,
    *,
    now: datetime | None = None,
    automatic: bool = False,
) -> None:
    """Clear the pause of ``entry`` and make it due."""
    now = now or utcnow()
    was_paused = entry.paused
    entry.paused = False
    entry.pause_reason = None
    entry.resume_at = None
    entry.next_check_at = now
    entry.updated_at = now
    if was_paused:
        summary = "Artist resumed (pause time passed)" if automatic else "Artist resumed"
        await _audit(session, entry, "watchlist.resumed", summary)


async def remove_entry(session: AsyncSession, key: str) -> None:
    """Stop watching the artist (its data stays)."""
    entry = await _require(session, key)
    await _audit(session, entry, "watchlist.removed", "Artist removed from the watchlist")
    await session.delete(entry)
    await session.flush()


async def _audit(session: AsyncSession, entry: WatchlistEntry, type_: str, summary: str) -> None:
    await record_activity(
        session,
        type_,
        f"{summary}: {entry.name or entry.artist_key}",
        entity_type="artist",
        entity_id=entry.artist_key,
    )
