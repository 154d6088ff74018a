"""Choosing what to download next: the best untried candidate, else a later search, else
``failed`` with a reason. Never a second active download of the same track (unique index)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import Download, DownloadCandidate, Track
from tonearm.domain.acquisition import repository as repo
from tonearm.domain.acquisition.jobs import enqueue_download, enqueue_search
from tonearm.domain.acquisition.runtime import AcquisitionRuntime
from tonearm.domain.acquisition.states import set_download_state, set_track_state

__all__ = ["fail_download", "start_next_candidate"]

LIMIT_BLOCK = timedelta(hours=24)


async def start_next_candidate(
    session: AsyncSession, runtime: AcquisitionRuntime, track: Track
) -> Download | None:
    """Start the best untried accepted candidate of the latest round; otherwise schedule a new
    search round, or fail the track when its rounds are used up."""
    existing = await repo.active_download(session, track.id)
    if existing is not None:
        return existing
    candidate = await _next_candidate(session, runtime, track)
    if candidate is not None:
        return await _start(session, track, candidate)
    await _search_again_or_fail(session, runtime, track)
    return None


async def _next_candidate(
    session: AsyncSession, runtime: AcquisitionRuntime, track: Track
) -> DownloadCandidate | None:
    candidates = await repo.candidates_for_round(session, track.id)
    tried = sum(1 for c in candidates if c.status != "new")
    if tried >= runtime.settings.acquisition_max_tries_per_search:
        return None
    users = {c.username for c in candidates}
    blocked = await repo.blocklisted_pairs(session, users)
    peers = await repo.blocked_peers(session, runtime.clock())
    for candidate in candidates:
        if candidate.status != "new" or candidate.verdict != "accept":
            continue
        if candidate.username in peers or (candidate.username, candidate.filename) in blocked:
            candidate.status = "failed"
            continue
        return candidate
    return None


async def _start(session: AsyncSession, track: Track, candidate: DownloadCandidate) -> Download:
    candidate.status = "tried"
    download = repo.download_of_candidate(track.id, candidate)
    session.add(download)
    await session.flush()
    await enqueue_download(session, download.id)
    await set_track_state(session, track, "downloading")
    return download


async def _search_again_or_fail(
    session: AsyncSession, runtime: AcquisitionRuntime, track: Track
) -> None:
    settings = runtime.settings
    if track.attempts >= settings.acquisition_max_searches:
        reason = track.details.get("last_failure") or "no acceptable file found"
        await set_track_state(
            session, track, "failed", reason=f"{reason} after {track.attempts} searches"
        )
        return
    delay = settings.acquisition_research_delay_s * 2 ** max(0, track.attempts - 1)
    await enqueue_search(session, track.id, delay_s=delay)
    await set_track_state(
        session, track, "wanted", reason=f"no usable candidate yet; searching again in {delay:g}s"
    )


async def fail_download(
    session: AsyncSession,
    runtime: AcquisitionRuntime,
    download: Download,
    reason: str,
    *,
    block_peer: bool = False,
) -> None:
    """End a download as failed, blocklist its file (or its whole peer), try the next one."""
    expires = runtime.clock() + LIMIT_BLOCK if block_peer else None
    filename = "*" if block_peer else download.filename
    await repo.add_blocklist(session, download.username, filename, reason, expires)
    if download.candidate_id is not None:
        candidate = await session.get(DownloadCandidate, download.candidate_id)
        if candidate is not None:
            candidate.status = "failed"
    await set_download_state(session, download, "failed", error=reason)
    if download.track_id is None:
        return
    track = await repo.get_track(session, download.track_id, lock=True)
    if track is None or track.state == "done":
        return
    track.details = {**track.details, "last_failure": reason}
    await start_next_candidate(session, runtime, track)
