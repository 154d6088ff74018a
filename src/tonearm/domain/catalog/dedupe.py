"""Find the existing track a candidate is: by Spotify id, then ISRC, then artist+title.

Lookups are batched (one query per key kind and chunk), so a 10,000-track playlist costs a
few dozen queries, never one per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import LibraryFile, Track
from tonearm.domain.catalog.candidate import TrackCandidate, durations_agree

__all__ = [
    "ExistingIndex",
    "KnownTrack",
    "LibraryHit",
    "chunked",
    "load_existing",
    "load_library_hits",
]

CHUNK = 500


@dataclass(frozen=True)
class KnownTrack:
    """The columns dedupe needs of an existing track."""

    id: int
    spotify_id: str | None
    isrc: str | None
    match_key: str
    duration_ms: int | None
    state: str


@dataclass
class ExistingIndex:
    """Existing tracks indexed by each dedupe key."""

    by_spotify: dict[str, KnownTrack] = field(default_factory=dict)
    by_isrc: dict[str, KnownTrack] = field(default_factory=dict)
    by_key: dict[str, list[KnownTrack]] = field(default_factory=dict)

    def add(self, track: KnownTrack) -> None:
        """Index ``track`` under every key it has (first one seen wins)."""
        if track.spotify_id:
            self.by_spotify.setdefault(track.spotify_id, track)
        if track.isrc:
            self.by_isrc.setdefault(track.isrc, track)
        same = self.by_key.setdefault(track.match_key, [])
        if all(known.id != track.id for known in same):
            same.append(track)

    def find(self, candidate: TrackCandidate) -> KnownTrack | None:
        """The track ``candidate`` duplicates, if any."""
        if candidate.spotify_id and candidate.spotify_id in self.by_spotify:
            return self.by_spotify[candidate.spotify_id]
        isrc = candidate.clean_isrc
        if isrc and isrc in self.by_isrc:
            return self.by_isrc[isrc]
        for known in self.by_key.get(candidate.match_key, []):
            # Two known, different ISRCs are two recordings whatever the names say.
            if isrc and known.isrc and isrc != known.isrc:
                continue
            if durations_agree(known.duration_ms, candidate.duration_ms):
                return known
        return None


def chunked(values: Iterable[str]) -> Iterable[list[str]]:
    """The distinct ``values``, sorted, in lists of at most :data:`CHUNK` (for ``IN``)."""
    unique = sorted(set(values))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


_COLUMNS = (
    Track.id,
    Track.spotify_id,
    Track.isrc,
    Track.match_key,
    Track.duration_ms,
    Track.state,
)


async def load_existing(
    session: AsyncSession, candidates: Sequence[TrackCandidate]
) -> ExistingIndex:
    """Every existing track that shares a key with one of ``candidates``."""
    index = ExistingIndex()
    lookups: list[tuple[Any, Iterable[str]]] = [
        (Track.spotify_id, (c.spotify_id for c in candidates if c.spotify_id)),
        (Track.isrc, (i for c in candidates if (i := c.clean_isrc))),
        (Track.match_key, (c.match_key for c in candidates)),
    ]
    for column, values in lookups:
        for chunk in chunked(values):
            rows = await session.execute(select(*_COLUMNS).where(column.in_(chunk)))
            for row in rows:
                index.add(KnownTrack(*row))
    return index


@dataclass(frozen=True)
class LibraryHit:
    """A library file that already holds a candidate."""

    path: str
    track_id: int | None


async def load_library_hits(
    session: AsyncSession, candidates: Sequence[TrackCandidate]
) -> tuple[dict[str, LibraryHit], dict[str, LibraryHit]]:
    """Library files by Spotify id and by ISRC for ``candidates`` (files already owned)."""
    by_spotify: dict[str, LibraryHit] = {}
    by_isrc: dict[str, LibraryHit] = {}
    wanted = [
        (LibraryFile.spotify_id, by_spotify, (c.spotify_id for c in candidates if c.spotify_id)),
        (LibraryFile.isrc, by_isrc, (i for c in candidates if (i := c.clean_isrc))),
    ]
    for column, target, values in wanted:
        for chunk in chunked(values):
            stmt = select(column, LibraryFile.path, LibraryFile.track_id).where(column.in_(chunk))
            for key, path, track_id in await session.execute(stmt):
                if key:
                    target.setdefault(key, LibraryHit(path, track_id))
    return by_spotify, by_isrc
