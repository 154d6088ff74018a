"""Find tracks worth upgrading, and search each for a file in a better tier than its own."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import mutagen
from mutagen.mp3 import BitrateMode
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.db.models import Download, DownloadCandidate, Track
from tonearm.domain.acquisition import repository as acquisition
from tonearm.domain.acquisition.jobs import enqueue_download
from tonearm.domain.acquisition.queries import query_variants
from tonearm.domain.acquisition.runtime import AcquisitionRuntime
from tonearm.domain.acquisition.search import persist_candidates, search_variants, wanted_from_track
from tonearm.domain.postprocess.verify import audio_kind
from tonearm.domain.upgrades import repository as repo
from tonearm.domain.upgrades.jobs import enqueue_upgrade_search
from tonearm.matching import MatchResult, QualityProfile, QualityRank, WantedTrack
from tonearm.observability import get_logger

__all__ = ["enqueue_due_upgrades", "owned_rank", "run_upgrade_search"]

log = get_logger("tonearm.upgrades")


async def enqueue_due_upgrades(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Queue upgrade searches for due tracks (at most ``quality_upgrade_max_per_tick``)."""
    if not settings.quality_upgrade_lossy:
        return 0
    due = await repo.due_tracks(
        session, now, settings.quality_upgrade_interval_s, settings.quality_upgrade_max_per_tick
    )
    return sum([await enqueue_upgrade_search(session, track_id) for track_id in due])


def owned_rank(path: Path, profile: QualityProfile) -> QualityRank | None:
    """Where the owned file falls in the profile (None: missing, unreadable or not listed).

    Blocking (reads the file): run it in a thread.
    """
    kind = audio_kind(path) if path.is_file() else None
    audio = mutagen.File(path) if kind else None
    if kind is None or audio is None:
        return None
    info = audio.info
    bitrate = round(info.bitrate / 1000) if getattr(info, "bitrate", 0) else None
    mode = getattr(info, "bitrate_mode", None)
    vbr = None if mode in (None, BitrateMode.UNKNOWN) else mode is not BitrateMode.CBR
    return profile.rank_file(kind, path.stat().st_size, bitrate, vbr, info.length or None)


@dataclass(frozen=True)
class _Owned:
    """The track's wish and file, read in a transaction and used outside it."""

    wanted: WantedTrack
    variants: list[str]
    path: Path
    library_path: str


async def run_upgrade_search(runtime: AcquisitionRuntime, track_id: int) -> None:
    """Search for a better file than the track's own; start downloading the best one found.

    The track stays ``done`` with its current file until post-processing replaces it.
    """
    owned = await _load(runtime, track_id)
    if owned is None:
        return
    profile = runtime.quality
    rank = await asyncio.to_thread(owned_rank, owned.path, profile)
    if rank is not None and (rank.lossless or rank.tier == 0):
        await _record(runtime, track_id, "best")
        log.info("upgrade.checked", track_id=track_id, outcome="best", better=0)
        return
    owned_tier = rank.tier if rank is not None else len(profile.formats)
    ranked, used = await search_variants(runtime, owned.wanted, owned.variants)
    better = [r for r in ranked if _better(r, owned_tier)]
    outcome = "none"
    async with runtime.transaction() as session:
        current = await acquisition.get_track(session, track_id, lock=True)
        if better and current is not None and _still_owned(current, owned.library_path):
            started = await _start(session, current, better, " | ".join(used), rank)
            outcome = "started" if started else "none"
        await repo.record_check(session, track_id, outcome, runtime.clock())
    log.info("upgrade.checked", track_id=track_id, outcome=outcome, better=len(better))


def _better(result: MatchResult, owned_tier: int) -> bool:
    return (
        result.accepted
        and result.quality_rank is not None
        and (result.quality_rank.tier < owned_tier)
    )


def _still_owned(track: Track, library_path: str) -> bool:
    return track.state == "done" and track.library_path == library_path


async def _load(runtime: AcquisitionRuntime, track_id: int) -> _Owned | None:
    if not runtime.settings.quality_upgrade_lossy:
        return None
    async with runtime.transaction() as session:
        track = await acquisition.get_track(session, track_id)
        if track is None or track.state != "done" or not track.library_path:
            return None
        if await acquisition.active_download(session, track_id) is not None:
            return None
        root = runtime.settings.resolved_library_dir
        return _Owned(
            wanted=wanted_from_track(track),
            variants=query_variants(track.title, list(track.artists), track.album),
            path=root / track.library_path,
            library_path=track.library_path,
        )


async def _record(runtime: AcquisitionRuntime, track_id: int, outcome: str) -> None:
    async with runtime.transaction() as session:
        await repo.record_check(session, track_id, outcome, runtime.clock())


async def _start(
    session: AsyncSession,
    track: Track,
    better: list[MatchResult],
    query: str,
    owned: QualityRank | None,
) -> bool:
    """Keep the better candidates as a new round and download the best one (never a second
    active download of the track: the unique index refuses it)."""
    if await acquisition.active_download(session, track.id) is not None:
        return False
    track.attempts += 1
    await persist_candidates(session, track, better, query)
    best = (await acquisition.candidates_for_round(session, track.id))[0]
    download = _download_of(track, best, owned)
    try:
        async with session.begin_nested():
            session.add(download)
            await session.flush()
    except IntegrityError:
        return False
    best.status = "tried"
    await enqueue_download(session, download.id)
    return True


def _download_of(track: Track, best: DownloadCandidate, owned: QualityRank | None) -> Download:
    upgrade = {"from_path": track.library_path, "from_tier": owned.name if owned else None}
    return acquisition.download_of_candidate(track.id, best, {**best.breakdown, "upgrade": upgrade})
