"""Add wanted tracks (deduplicated, in bulk), list and delete them.

Every source (playlists, imports, the API, watchlist, search) goes through
:func:`add_wanted_tracks` / :func:`add_wanted_track`, so a song is never wanted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import Track
from tonearm.domain.catalog.bulk import bulk_insert, table_of
from tonearm.domain.catalog.candidate import TrackCandidate
from tonearm.domain.catalog.dedupe import (
    ExistingIndex,
    KnownTrack,
    LibraryHit,
    chunked,
    load_existing,
    load_library_hits,
)
from tonearm.domain.catalog.errors import TrackNotFound

__all__ = [
    "WantedResult",
    "add_wanted_track",
    "add_wanted_tracks",
    "delete_track",
    "list_tracks",
]


@dataclass(frozen=True)
class WantedResult:
    """Which track a candidate became and whether this call created it."""

    track_id: int
    created: bool
    state: str


async def add_wanted_track(
    session: AsyncSession, candidate: TrackCandidate, *, source: str
) -> tuple[Track, bool]:
    """The track ``candidate`` is — an existing one, or a new wanted one — and whether it was
    created. Flushes in the caller's transaction; the caller enqueues acquisition."""
    (result,) = await add_wanted_tracks(session, [candidate], source=source)
    track = await session.get(Track, result.track_id)
    if track is None:  # pragma: no cover - the row was just found or written
        raise TrackNotFound()
    return track, result.created


async def add_wanted_tracks(
    session: AsyncSession, candidates: Sequence[TrackCandidate], *, source: str
) -> list[WantedResult]:
    """One result per candidate, in order. Duplicates (in the batch or in the database) map
    to the same track; new tracks are bulk-inserted; files already in the library become
    ``done`` tracks that need no acquisition."""
    if not candidates:
        return []
    index = await load_existing(session, candidates)
    new: list[TrackCandidate] = []
    slots: list[KnownTrack | int] = []  # an existing track, or the index into ``new``
    batch = ExistingIndex()
    for candidate in candidates:
        known = index.find(candidate) or batch.find(candidate)
        if known is not None:
            slots.append(known)
            continue
        slots.append(len(new))
        batch.add(_placeholder(len(new), candidate))
        new.append(candidate)
    new_ids = await _insert_new(session, new, source) if new else []
    results: list[WantedResult] = []
    for slot in slots:
        if isinstance(slot, KnownTrack):
            if slot.id < 0:  # a duplicate inside this batch
                track_id, state = new_ids[-slot.id - 1]
                results.append(WantedResult(track_id, False, state))
            else:
                results.append(WantedResult(slot.id, False, slot.state))
        else:
            track_id, state = new_ids[slot]
            results.append(WantedResult(track_id, True, state))
    return results


def _placeholder(position: int, candidate: TrackCandidate) -> KnownTrack:
    # Negative ids mark tracks of this batch that do not exist yet.
    return KnownTrack(
        id=-(position + 1),
        spotify_id=candidate.spotify_id,
        isrc=candidate.clean_isrc,
        match_key=candidate.match_key,
        duration_ms=candidate.duration_ms,
        state="wanted",
    )


_IDENTITY = ("spotify_id", "isrc", "match_key", "duration_ms")


def _identity(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in _IDENTITY)


async def _insert_new(
    session: AsyncSession, new: list[TrackCandidate], source: str
) -> list[tuple[int, str]]:
    by_spotify, by_isrc = await load_library_hits(session, new)
    rows = [_row(c, source, _library_hit(c, by_spotify, by_isrc)) for c in new]
    by_spotify_id = all(row["spotify_id"] for row in rows)
    distinct = by_spotify_id or len({_identity(row) for row in rows}) == len(rows)
    if not distinct:  # pragma: no cover - dedupe merges the rows of one identity
        return [await _insert_one(session, c, row) for c, row in zip(new, rows, strict=True)]
    try:
        async with session.begin_nested():
            if by_spotify_id:
                ids = await _insert_by_spotify_id(session, rows)
            else:
                ids = await _insert_returning(session, rows)
    except IntegrityError:
        # Another transaction added one of these Spotify ids meanwhile: go one by one.
        return [await _insert_one(session, c, row) for c, row in zip(new, rows, strict=True)]
    return [(track_id, row["state"]) for track_id, row in zip(ids, rows, strict=True)]


async def _insert_by_spotify_id(session: AsyncSession, rows: list[dict[str, Any]]) -> list[int]:
    # Without RETURNING, PostgreSQL's driver sends the rows as one pipelined executemany
    # (several times faster than VALUES pages with RETURNING); the unique Spotify ids find
    # the new ids back.
    await session.execute(bulk_insert(Track), rows)
    found: dict[str, int] = {}
    for chunk in chunked([str(row["spotify_id"]) for row in rows]):
        stmt = select(Track.spotify_id, Track.id).where(Track.spotify_id.in_(chunk))
        found.update({str(key): track_id for key, track_id in await session.execute(stmt)})
    return [found[str(row["spotify_id"])] for row in rows]


async def _insert_returning(session: AsyncSession, rows: list[dict[str, Any]]) -> list[int]:
    # Returned ids are matched to rows by (Spotify id, ISRC, key, duration), distinct among
    # new rows, not by parameter order, which SQLite can only honour one row per statement.
    columns = table_of(Track).c
    stmt = bulk_insert(Track).returning(columns.id, *(columns[name] for name in _IDENTITY))
    returned = await session.execute(stmt, rows)
    ids = {tuple(found[1:]): found[0] for found in returned}
    return [ids[_identity(row)] for row in rows]


async def _insert_one(
    session: AsyncSession, candidate: TrackCandidate, row: dict[str, Any]
) -> tuple[int, str]:
    existing = (await load_existing(session, [candidate])).find(candidate)
    if existing is not None:
        return existing.id, existing.state
    async with session.begin_nested():
        stmt = bulk_insert(Track).returning(table_of(Track).c.id)
        track_id = (await session.execute(stmt, [row])).scalar_one()
    return track_id, row["state"]


def _library_hit(
    candidate: TrackCandidate, by_spotify: dict[str, LibraryHit], by_isrc: dict[str, LibraryHit]
) -> LibraryHit | None:
    if candidate.spotify_id and candidate.spotify_id in by_spotify:
        return by_spotify[candidate.spotify_id]
    isrc = candidate.clean_isrc
    return by_isrc.get(isrc) if isrc else None


def _row(candidate: TrackCandidate, source: str, hit: LibraryHit | None) -> dict[str, Any]:
    now = utcnow()
    return {
        "title": candidate.title[:500],
        "artists": list(candidate.artists),
        "album": candidate.album[:500] if candidate.album else None,
        "album_artist": candidate.album_artist,
        "duration_ms": candidate.duration_ms,
        "isrc": candidate.clean_isrc,
        "spotify_id": candidate.spotify_id,
        "spotify_album_id": candidate.spotify_album_id,
        "spotify_artist_ids": list(candidate.spotify_artist_ids),
        "track_number": candidate.track_number,
        "disc_number": candidate.disc_number,
        "release_year": candidate.release_year,
        "explicit": candidate.explicit,
        "genre": None,
        "cover_url": candidate.cover_url,
        "match_key": candidate.match_key,
        "source": source,
        "state": "done" if hit else "wanted",
        "reason": "already in the library" if hit else None,
        "attempts": 0,
        "library_path": hit.path if hit else None,
        "details": {},
        "created_at": now,
        "updated_at": now,
    }


async def list_tracks(
    session: AsyncSession,
    *,
    state: str | None = None,
    query: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Track], int]:
    """A page of tracks (newest first) and the total matching."""
    conditions = []
    if state:
        conditions.append(Track.state == state)
    if query:
        like = f"%{query.strip().lower()}%"
        conditions.append(
            or_(
                func.lower(Track.title).like(like),
                func.lower(Track.album).like(like),
                Track.match_key.like(like),
            )
        )
    stmt = select(Track).where(*conditions).order_by(Track.id.desc()).limit(limit).offset(offset)
    items = list((await session.execute(stmt)).scalars())
    total = (await session.execute(select(func.count(Track.id)).where(*conditions))).scalar_one()
    return items, int(total)


async def delete_track(session: AsyncSession, track_id: int) -> None:
    """Forget a wanted track (its playlist entries keep their position, without a track)."""
    track = await session.get(Track, track_id)
    if track is None:
        raise TrackNotFound()
    await session.delete(track)
    await session.flush()
