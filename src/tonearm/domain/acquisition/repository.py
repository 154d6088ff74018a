"""All SQL of the acquisition area."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import (
    ACTIVE_DOWNLOAD_STATES,
    WHOLE_PEER,
    BlocklistEntry,
    Download,
    DownloadCandidate,
    Track,
)

__all__ = [
    "active_download",
    "add_blocklist",
    "blocked_peers",
    "blocklisted_pairs",
    "candidates_for_round",
    "count_downloads",
    "download_counts",
    "download_of_candidate",
    "get_download",
    "get_track",
    "list_downloads",
    "text_hash",
]


def download_of_candidate(
    track_id: int, candidate: DownloadCandidate, breakdown: dict[str, Any] | None = None
) -> Download:
    """A queued download of ``candidate``'s file for the track (not yet added to a session);
    ``breakdown`` replaces the candidate's score breakdown when given."""
    return Download(
        track_id=track_id,
        active_track_id=track_id,
        candidate_id=candidate.id,
        state="queued",
        username=candidate.username,
        filename=candidate.filename,
        size=candidate.size,
        format=candidate.extension or None,
        bitrate=candidate.bitrate,
        score=candidate.score,
        breakdown=candidate.breakdown if breakdown is None else breakdown,
        progress=0.0,
        attempts=0,
    )


def text_hash(text: str) -> str:
    """A fixed-length key for long untrusted text in unique indexes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


async def get_track(session: AsyncSession, track_id: int, *, lock: bool = False) -> Track | None:
    """One track (row-locked on PostgreSQL when ``lock``)."""
    query = select(Track).where(Track.id == track_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def get_download(
    session: AsyncSession, download_id: int, *, lock: bool = False
) -> Download | None:
    """One download (row-locked on PostgreSQL when ``lock``)."""
    query = select(Download).where(Download.id == download_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def active_download(session: AsyncSession, track_id: int) -> Download | None:
    """The track's active download, if any (there is at most one)."""
    query = select(Download).where(Download.active_track_id == track_id)
    return (await session.execute(query)).scalar_one_or_none()


async def list_downloads(
    session: AsyncSession,
    *,
    state: str | None,
    track_id: int | None,
    limit: int,
    offset: int,
) -> Sequence[Download]:
    """A page of downloads, newest first."""
    query = select(Download).order_by(Download.id.desc()).limit(limit).offset(offset)
    if state:
        query = query.where(Download.state == state)
    if track_id is not None:
        query = query.where(Download.track_id == track_id)
    return (await session.execute(query)).scalars().all()


async def count_downloads(session: AsyncSession, *, state: str | None, track_id: int | None) -> int:
    """How many downloads match the filters."""
    query = select(func.count()).select_from(Download)
    if state:
        query = query.where(Download.state == state)
    if track_id is not None:
        query = query.where(Download.track_id == track_id)
    return int((await session.execute(query)).scalar_one())


async def download_counts(session: AsyncSession) -> dict[str, int]:
    """How many downloads are in each state (states without any are absent)."""
    query = select(Download.state, func.count()).group_by(Download.state)
    return {state: int(n) for state, n in (await session.execute(query)).all()}


async def candidates_for_round(
    session: AsyncSession, track_id: int, search_round: int | None = None
) -> Sequence[DownloadCandidate]:
    """The ranked candidates of a round (default: the latest), best first."""
    if search_round is None:
        latest = select(func.max(DownloadCandidate.search_round)).where(
            DownloadCandidate.track_id == track_id
        )
        search_round = (await session.execute(latest)).scalar_one_or_none()
        if search_round is None:
            return []
    query = (
        select(DownloadCandidate)
        .where(
            DownloadCandidate.track_id == track_id,
            DownloadCandidate.search_round == search_round,
        )
        .order_by(DownloadCandidate.position)
    )
    return (await session.execute(query)).scalars().all()


async def blocklisted_pairs(session: AsyncSession, usernames: set[str]) -> set[tuple[str, str]]:
    """Blocklisted ``(username, filename)`` pairs of these peers."""
    if not usernames:
        return set()
    query = select(BlocklistEntry.username, BlocklistEntry.filename).where(
        BlocklistEntry.username.in_(usernames), BlocklistEntry.filename != WHOLE_PEER
    )
    return {(u, f) for u, f in (await session.execute(query)).all()}


async def blocked_peers(session: AsyncSession, now: datetime) -> set[str]:
    """Peers blocked as a whole right now (daily/weekly limits)."""
    query = select(BlocklistEntry.username).where(
        BlocklistEntry.filename == WHOLE_PEER,
        or_(BlocklistEntry.expires_at.is_(None), BlocklistEntry.expires_at > now),
    )
    return set((await session.execute(query)).scalars().all())


async def add_blocklist(
    session: AsyncSession,
    username: str,
    filename: str,
    reason: str,
    expires_at: datetime | None = None,
) -> None:
    """Blocklist a pair (or a whole peer with ``filename="*"``); repeated calls refresh it."""
    digest = text_hash(filename)
    query = select(BlocklistEntry).where(
        BlocklistEntry.username == username, BlocklistEntry.filename_hash == digest
    )
    entry = (await session.execute(query)).scalar_one_or_none()
    if entry is None:
        session.add(
            BlocklistEntry(
                username=username,
                filename=filename,
                filename_hash=digest,
                reason=reason,
                expires_at=expires_at,
            )
        )
    else:
        entry.reason = reason
        entry.expires_at = expires_at
    await session.flush()


def is_active(download: Download) -> bool:
    """Whether the download still holds its track's active slot."""
    return download.state in ACTIVE_DOWNLOAD_STATES
