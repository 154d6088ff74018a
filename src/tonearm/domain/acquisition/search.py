"""``acquire.search``: query slskd within the etiquette, rank every file, keep the ranked
list, then start the best candidate (or plan the next round, or fail with a reason)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import DownloadCandidate, Track
from tonearm.domain.acquisition import repository as repo
from tonearm.domain.acquisition.etiquette import back_off, release_search_slot, take_search_slot
from tonearm.domain.acquisition.queries import query_variants
from tonearm.domain.acquisition.runtime import AcquisitionRuntime
from tonearm.domain.acquisition.selection import start_next_candidate
from tonearm.domain.acquisition.states import set_track_state
from tonearm.domain.providers import ProviderRateLimited
from tonearm.integrations.slskd import (
    SearchResponse,
    SlskdConcurrencyLimited,
    SlskdRateLimited,
    SlskdSearchTimeout,
)
from tonearm.matching import Candidate, MatchResult, Verdict, WantedTrack, rank
from tonearm.observability import get_logger
from tonearm.orchestrator.errors import Snooze

__all__ = [
    "KEEP_CANDIDATES",
    "persist_candidates",
    "run_search",
    "search_variants",
    "to_candidates",
    "wanted_from_track",
]

KEEP_CANDIDATES = 60
log = get_logger("tonearm.acquisition")


def wanted_from_track(track: Track) -> WantedTrack:
    """The matching engine's view of a wanted track."""
    return WantedTrack(
        title=track.title,
        artists=list(track.artists),
        album=track.album,
        duration_ms=track.duration_ms,
        track_number=track.track_number,
        disc_number=track.disc_number,
        year=track.release_year,
    )


def to_candidates(responses: Iterable[SearchResponse]) -> list[Candidate]:
    """Every file of every response (locked ones flagged) as matching candidates."""
    result = []
    for response in responses:
        files = [(f, False) for f in response.files] + [(f, True) for f in response.locked_files]
        for item, locked in files:
            result.append(
                Candidate(
                    username=response.username,
                    filename=item.filename,
                    size=item.size,
                    bitrate=item.bit_rate,
                    bit_depth=item.bit_depth,
                    sample_rate=item.sample_rate,
                    length_s=float(item.length) if item.length else None,
                    is_variable_bit_rate=item.is_variable_bit_rate,
                    is_locked=locked or item.is_locked,
                    has_free_upload_slot=response.has_free_upload_slot,
                    queue_length=response.queue_length,
                    upload_speed=response.upload_speed,
                )
            )
    return result


async def run_search(runtime: AcquisitionRuntime, track_id: int) -> None:
    """Search for the track, persist the ranked candidates and start the best one."""
    async with runtime.transaction() as session:
        track = await repo.get_track(session, track_id, lock=True)
        if track is None or track.state == "done":
            return
        if await repo.active_download(session, track_id) is not None:
            return  # a download is already under way: never start a second one
        wanted = wanted_from_track(track)
        variants = query_variants(track.title, list(track.artists), track.album)
        await set_track_state(session, track, "searching")
    results, used, stuck = await _search_round(runtime, wanted, variants)
    async with runtime.transaction() as session:
        track = await repo.get_track(session, track_id, lock=True)
        if track is None or track.state == "done":
            return
        if await repo.active_download(session, track_id) is not None:
            return
        track.attempts += 1
        if stuck:
            track.details = {**track.details, "last_failure": stuck}
        await persist_candidates(session, track, results, " | ".join(used))
        await start_next_candidate(session, runtime, track)


async def search_variants(
    runtime: AcquisitionRuntime, wanted: WantedTrack, variants: list[str]
) -> tuple[list[MatchResult], list[str]]:
    """Run the variants in order until one yields an accepted file; merge everything seen."""
    ranked, used, _ = await _search_round(runtime, wanted, variants)
    return ranked, used


async def _search_round(
    runtime: AcquisitionRuntime, wanted: WantedTrack, variants: list[str]
) -> tuple[list[MatchResult], list[str], str | None]:
    """Run the variants in order until one yields an accepted file; merge everything seen.

    A search slskd never completes ends the round (the next variant would hang the same way):
    the third value then says why."""
    seen: dict[tuple[str, str], Candidate] = {}
    used: list[str] = []
    ranked: list[MatchResult] = []
    for text in variants:
        used.append(text)
        try:
            responses = await _one_search(runtime, text)
        except SlskdSearchTimeout as exc:
            log.warning("acquisition.search_stuck", query=text, error=str(exc))
            return ranked, used, f"slskd search did not complete: {exc}"
        for candidate in to_candidates(responses):
            seen.setdefault((candidate.username, candidate.filename), candidate)
        ranked = await _rank(runtime, wanted, seen.values())
        if any(r.verdict is Verdict.ACCEPT for r in ranked):
            break
    return ranked, used, None


async def _rank(
    runtime: AcquisitionRuntime, wanted: WantedTrack, candidates: Iterable[Candidate]
) -> list[MatchResult]:
    items = list(candidates)
    async with runtime.transaction() as session:
        blocklist = frozenset(await repo.blocklisted_pairs(session, {c.username for c in items}))
        peers = await repo.blocked_peers(session, runtime.clock())
    profile = runtime.quality
    if peers:
        profile = replace(profile, blocked_users=profile.blocked_users | peers)
    return rank(wanted, items, runtime.match_config, profile, blocklist)


async def _one_search(runtime: AcquisitionRuntime, text: str) -> list[SearchResponse]:
    """One slskd search inside the shared etiquette (Snooze when no slot is free)."""
    async with runtime.transaction() as session:
        slot = await take_search_slot(session, runtime.limits, runtime.clock())
    if slot.token is None:
        raise Snooze(slot.wait_s, "waiting for a search slot")
    settings = runtime.settings
    try:
        search = await runtime.slskd.create_search(
            text, search_timeout_ms=settings.slskd_search_timeout_ms, id=str(uuid.uuid4())
        )
        deadline = settings.slskd_search_timeout_ms / 1000 * 3 + 10
        await runtime.slskd.wait_for_search(search.id, deadline, poll_interval=0.25)
        return await runtime.slskd.get_responses(search.id)
    except (SlskdConcurrencyLimited, SlskdRateLimited) as exc:
        async with runtime.transaction() as session:
            await back_off(session, settings.slskd_backoff_s, runtime.clock())
        raise Snooze(settings.slskd_backoff_s, f"slskd refused a search: {exc}") from exc
    except ProviderRateLimited as exc:  # a 429 with Retry-After: no search before it passes
        async with runtime.transaction() as session:
            await back_off(session, exc.retry_after, runtime.clock())
        raise
    finally:
        async with runtime.transaction() as session:
            await release_search_slot(session, slot.token)


async def persist_candidates(
    session: AsyncSession, track: Track, results: list[MatchResult], query: str
) -> None:
    for position, result in enumerate(results[:KEEP_CANDIDATES]):
        candidate = result.candidate
        session.add(
            DownloadCandidate(
                track_id=track.id,
                search_round=track.attempts,
                position=position,
                query=query,
                username=candidate.username,
                filename=candidate.filename,
                filename_hash=repo.text_hash(candidate.filename),
                size=candidate.size,
                extension=candidate.extension,
                bitrate=candidate.bitrate,
                length_s=candidate.length_s,
                score=round(result.total, 6),
                verdict=result.verdict.value,
                quality=result.quality,
                breakdown=result.as_dict(),
                status="new",
            )
        )
    await session.flush()
