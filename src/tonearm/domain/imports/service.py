"""Create imports (with backpressure), process them in batches, expand links, report."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import ImportJob, Track
from tonearm.domain.activity import record_activity
from tonearm.domain.catalog import TrackCandidate, add_wanted_tracks, enqueue_acquisition
from tonearm.domain.imports.entries import Entry, ParseResult
from tonearm.domain.playlists.access import SpotifyAccess, SpotifyReader
from tonearm.domain.playlists.sync import candidate_from_track
from tonearm.errors import CredentialsMissing, NotFound, RateLimited
from tonearm.integrations.spotify import SpotifyAuthError, SpotifyError, SpotifyNotFound
from tonearm.observability import get_logger
from tonearm.orchestrator.queue import enqueue

__all__ = [
    "IMPORT_JOB",
    "ImportAccepted",
    "ImportStatus",
    "create_import",
    "expand_pending_links",
    "import_status",
    "process_import",
]

IMPORT_JOB = "import.process"
PENDING_STATUSES = ("queued", "running")
log = get_logger("tonearm.imports")


class ImportAccepted(BaseModel):
    """The answer to an import request."""

    job_id: int
    status: str
    accepted: list[str]
    skipped: list[dict[str, str]]


class ImportStatus(BaseModel):
    """Progress of one import."""

    job_id: int
    status: str
    source: str
    registered: int
    normalized: int
    queued: int
    completed: int
    failed: int
    skipped: list[dict[str, Any]]
    skip_reasons: dict[str, int]
    pending_links: list[dict[str, Any]]


async def _pending_work(session: AsyncSession) -> int:
    stmt = select(
        func.coalesce(func.sum(ImportJob.registered - ImportJob.normalized - ImportJob.failed), 0)
    ).where(ImportJob.status.in_(PENDING_STATUSES))
    return int((await session.execute(stmt)).scalar_one())


async def create_import(
    session: AsyncSession,
    parsed: ParseResult,
    *,
    source: str,
    max_pending: int,
    filename: str | None = None,
) -> ImportAccepted:
    """Record an import and queue its processing; 429 when too much import work is waiting."""
    pending = await _pending_work(session)
    if parsed.entries and pending + len(parsed.entries) > max_pending:
        log.warning(
            "import.refused", entries=len(parsed.entries), pending=pending, limit=max_pending
        )
        raise RateLimited(
            f"{pending} import entries are still waiting; try again shortly",
            retry_after=30,
            details={"pending": pending, "limit": max_pending},
        )
    job = ImportJob(
        source=source,
        filename=filename[:500] if filename else None,
        status="queued" if parsed.entries else "done",
        items=[e.as_dict() for e in parsed.entries],
        skipped=[s.as_dict() for s in parsed.skipped],
        pending_links=[],
        track_ids=[],
        registered=len(parsed.entries),
        normalized=0,
        queued=0,
        failed=0,
        finished_at=None if parsed.entries else utcnow(),
    )
    session.add(job)
    await session.flush()
    if parsed.entries:
        await enqueue(
            session,
            IMPORT_JOB,
            {"import_id": job.id},
            dedupe_key=f"import:{job.id}",
            entity_id=str(job.id),
        )
    return ImportAccepted(
        job_id=job.id,
        status=job.status,
        accepted=[e.value for e in parsed.entries],
        skipped=[s.as_dict() for s in parsed.skipped],
    )


async def _expand(reader: SpotifyReader, entry: Entry) -> list[TrackCandidate]:
    if entry.link_kind == "track" and entry.link_id:
        return [candidate_from_track(await reader.get_track(entry.link_id))]
    if entry.link_kind == "album" and entry.link_id:
        return [
            TrackCandidate(
                title=t.name,
                artists=[a.name for a in t.artists],
                duration_ms=t.duration_ms,
                spotify_id=t.id,
                spotify_album_id=entry.link_id,
                track_number=t.track_number,
                disc_number=t.disc_number,
                explicit=t.explicit,
            )
            async for t in reader.iter_album_tracks(entry.link_id)
        ]
    if entry.link_kind == "playlist" and entry.link_id:
        items = reader.iter_playlist_items(entry.link_id)
        return [candidate_from_track(item.track) async for item in items]
    return []


def _pending(entry: Entry, reason: str) -> dict[str, Any]:
    return {**entry.as_dict(), "reason": reason}


async def expand_links(
    access: SpotifyAccess, links: list[Entry]
) -> tuple[list[TrackCandidate], list[dict[str, Any]], int]:
    """Expand links with an app token: (candidates, still pending, failed count)."""
    candidates: list[TrackCandidate] = []
    pending: list[dict[str, Any]] = []
    failed = 0
    if not links:
        return candidates, pending, failed
    try:
        async with access.app_client() as reader:
            for entry in links:
                try:
                    candidates.extend(await _expand(reader, entry))
                except SpotifyNotFound:
                    failed += 1
                except SpotifyAuthError as exc:
                    pending.append(_pending(entry, _forbidden_reason(entry, exc)))
                except SpotifyError as exc:
                    pending.append(_pending(entry, f"Spotify error, will retry: {exc}"[:300]))
    except CredentialsMissing:
        reason = "waiting for Spotify client credentials"
        pending = [_pending(entry, reason) for entry in links]
    return candidates, pending, failed


def _forbidden_reason(entry: Entry, exc: SpotifyError) -> str:
    if entry.link_kind == "playlist":
        return "Spotify refuses this playlist's tracks to an app token; sync it in PRO mode"
    return f"Spotify refused access: {exc}"[:300]


async def _add_batch(
    session: AsyncSession, job: ImportJob, candidates: list[TrackCandidate]
) -> None:
    results = await add_wanted_tracks(session, candidates, source="import")
    created = [r.track_id for r in results if r.created and r.state == "wanted"]
    await enqueue_acquisition(session, created)
    job.queued += sum(1 for r in results if r.created)
    known = set(job.track_ids)
    job.track_ids = [*job.track_ids, *[r.track_id for r in results if r.track_id not in known]]


async def process_import(
    db: Database, import_id: int, access: SpotifyAccess, *, batch_size: int
) -> str:
    """Turn an import's entries into wanted tracks in batches; returns the final status.

    A re-run after a crash resumes: batches already committed are counted in ``normalized``
    and are not added (or counted) again, and a finished import is left as it is.
    """
    async with db.transaction() as session:
        job = await _locked(session, import_id)
        if job.status not in PENDING_STATUSES:
            return job.status
        job.status = "running"
        entries = [Entry.from_dict(item) for item in job.items]
        done = job.normalized  # track entries of batches committed by an earlier run
    tracks = [e for e in entries if not e.link_kind][done:]
    links = [e for e in entries if e.link_kind]
    for start in range(0, len(tracks), batch_size):
        batch = [e.track for e in tracks[start : start + batch_size]]
        async with db.transaction() as session:
            job = await _locked(session, import_id)
            await _add_batch(session, job, batch)
            job.normalized += len(batch)
            job.updated_at = utcnow()
    candidates, pending, failed = await expand_links(access, links)
    async with db.transaction() as session:
        job = await _locked(session, import_id)
        for start in range(0, len(candidates), batch_size):
            await _add_batch(session, job, candidates[start : start + batch_size])
        job.normalized += len(links) - len(pending) - failed
        job.failed += failed
        job.pending_links = pending
        job.status = "waiting_credentials" if pending else "done"
        job.finished_at = None if pending else utcnow()
        job.updated_at = utcnow()
        await record_activity(
            session,
            "import.processed",
            f"Import {import_id}: {job.queued} new wanted tracks, {len(pending)} links pending",
            entity_type="import",
            entity_id=import_id,
            details={"queued": job.queued, "pending_links": len(pending), "failed": job.failed},
        )
        status, counts = job.status, _counts(job)
    log.info("import.processed", import_id=import_id, status=status, **counts)
    return status


def _counts(job: ImportJob) -> dict[str, int]:
    return {
        "registered": job.registered,
        "normalized": job.normalized,
        "queued": job.queued,
        "failed": job.failed,
        "pending_links": len(job.pending_links),
    }


async def expand_pending_links(db: Database, import_id: int, access: SpotifyAccess) -> int:
    """Backfill: try an import's pending links again; returns how many are still pending."""
    async with db.transaction(readonly=True) as session:
        job = await session.get(ImportJob, import_id)
        if job is None or not job.pending_links:
            return 0
        links = [Entry.from_dict(item) for item in job.pending_links]
    candidates, pending, failed = await expand_links(access, links)
    if len(pending) == len(links):
        return len(pending)
    async with db.transaction() as session:
        job = await _locked(session, import_id)
        await _add_batch(session, job, candidates)
        job.normalized += len(links) - len(pending) - failed
        job.failed += failed
        job.pending_links = pending
        job.status = "waiting_credentials" if pending else "done"
        job.finished_at = None if pending else utcnow()
        job.updated_at = utcnow()
        status, counts = job.status, _counts(job)
    log.info("import.backfilled", import_id=import_id, status=status, **counts)
    return len(pending)


async def _locked(session: AsyncSession, import_id: int) -> ImportJob:
    stmt = select(ImportJob).where(ImportJob.id == import_id).with_for_update()
    job = (await session.execute(stmt)).scalar_one_or_none()
    if job is None:
        raise NotFound(f"import {import_id} does not exist")
    return job


async def import_status(session: AsyncSession, import_id: int) -> ImportStatus:
    """Counts, skip reasons and pending links of one import."""
    job = await session.get(ImportJob, import_id)
    if job is None:
        raise NotFound(f"import {import_id} does not exist")
    states: Counter[str] = Counter()
    ids = list(job.track_ids)
    for start in range(0, len(ids), 500):
        stmt = (
            select(Track.state, func.count(Track.id))
            .where(Track.id.in_(ids[start : start + 500]))
            .group_by(Track.state)
        )
        for state, count in await session.execute(stmt):
            states[state] += int(count)
    reasons = Counter(str(s.get("reason")) for s in job.skipped)
    return ImportStatus(
        job_id=job.id,
        status=job.status,
        source=job.source,
        registered=job.registered,
        normalized=job.normalized,
        queued=job.queued,
        completed=states["done"],
        failed=job.failed + states["failed"],
        skipped=job.skipped,
        skip_reasons=dict(reasons),
        pending_links=job.pending_links,
    )
