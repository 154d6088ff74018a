"""Sync one Spotify playlist into playlist rows and wanted tracks.

An unchanged ``snapshot_id`` means no writes at all. A changed playlist is read page by page
(each page is reduced to compact candidates at once, so 10,000 full Spotify track objects are
never held together), then rewritten in one transaction with bulk statements (10,000 entries
cost a few dozen statements), and the cached responses of that playlist and of the playlist
list are evicted after the commit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import Playlist, PlaylistEntry
from tonearm.domain.activity import record_activity
from tonearm.domain.catalog import (
    PLAYLISTS_TAG,
    Invalidator,
    TrackCandidate,
    add_wanted_tracks,
    bulk_insert,
    enqueue_acquisition,
    playlist_tag,
)
from tonearm.domain.playlists.access import SpotifyReader
from tonearm.integrations.spotify import Playlist as SpotifyPlaylist
from tonearm.integrations.spotify import Track as SpotifyTrack
from tonearm.observability import get_logger

__all__ = ["SyncResult", "candidate_from_track", "sync_playlist"]

log = get_logger("tonearm.playlists")
_ENTRY_CHUNK = 1000


@dataclass(frozen=True)
class SyncResult:
    """What a sync did."""

    spotify_id: str
    changed: bool
    track_count: int = 0
    new_tracks: int = 0
    revision: int = 0


def _release_year(track: SpotifyTrack) -> int | None:
    head = (track.album.release_date or "")[:4]
    return int(head) if head.isdigit() else None


def candidate_from_track(track: SpotifyTrack) -> TrackCandidate:
    """A wanted-track candidate from a full Spotify track."""
    return TrackCandidate(
        title=track.name,
        artists=[a.name for a in track.artists],
        album=track.album.name,
        album_artist=track.album.artists[0].name if track.album.artists else None,
        duration_ms=track.duration_ms,
        isrc=track.isrc,
        spotify_id=track.id,
        spotify_album_id=track.album.id,
        spotify_artist_ids=[a.id for a in track.artists],
        track_number=track.track_number,
        disc_number=track.disc_number,
        release_year=_release_year(track),
        explicit=track.explicit,
        cover_url=track.album.images[0].url if track.album.images else None,
    )


@dataclass(frozen=True)
class _Position:
    """What a sync keeps of one playlist position."""

    candidate: TrackCandidate
    spotify_track_id: str
    added_at: datetime | None


#: ``progress(done, total)``: items read so far of the items the playlist holds.
Progress = Callable[[int, int], Awaitable[None]]


async def _read_positions(
    reader: SpotifyReader, spotify_id: str, total: int, progress: Progress | None
) -> list[_Position]:
    positions: list[_Position] = []
    async for item in reader.iter_playlist_items(spotify_id):
        positions.append(_Position(candidate_from_track(item.track), item.track.id, item.added_at))
        if progress is not None:
            await progress(len(positions), max(total, len(positions)))
    if progress is not None:  # every page read (some items may have been left out)
        await progress(len(positions), len(positions))
    return positions


async def _stored_snapshot(db: Database, spotify_id: str) -> str | None:
    async with db.transaction(readonly=True) as session:
        stmt = select(Playlist.snapshot_id).where(Playlist.spotify_id == spotify_id)
        return (await session.execute(stmt)).scalar_one_or_none()


async def sync_playlist(
    db: Database,
    reader: SpotifyReader,
    spotify_id: str,
    invalidator: Invalidator,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> SyncResult:
    """Bring the playlist ``spotify_id`` up to date; no writes when its snapshot is unchanged.

    ``progress`` hears how many of the playlist's items have been read (the writes that follow
    take one transaction)."""
    meta = await reader.get_playlist(spotify_id)
    if not force and await _stored_snapshot(db, spotify_id) == meta.snapshot_id:
        log.info("playlist.sync", playlist_id=spotify_id, changed=False)
        return SyncResult(spotify_id, changed=False)
    positions = await _read_positions(reader, spotify_id, meta.total_items, progress)
    async with db.transaction() as session:
        result = await _write(session, meta, positions)
    await invalidator.invalidate([playlist_tag(spotify_id), PLAYLISTS_TAG], reason="playlist.sync")
    log.info(
        "playlist.sync",
        playlist_id=spotify_id,
        changed=True,
        tracks=result.track_count,
        new_tracks=result.new_tracks,
        revision=result.revision,
    )
    return result


async def _upsert_playlist(session: AsyncSession, meta: SpotifyPlaylist, count: int) -> Playlist:
    stmt = select(Playlist).where(Playlist.spotify_id == meta.id).with_for_update()
    playlist = (await session.execute(stmt)).scalar_one_or_none()
    now = utcnow()
    if playlist is None:
        playlist = Playlist(spotify_id=meta.id, revision=0, followed=True, created_at=now)
        session.add(playlist)
    playlist.name = meta.name[:500]
    playlist.description = meta.description
    playlist.owner_id = meta.owner.id
    playlist.owner_name = meta.owner.display_name
    playlist.public = meta.public
    playlist.snapshot_id = meta.snapshot_id
    playlist.track_count = count
    playlist.revision = (playlist.revision or 0) + 1
    playlist.synced_at = now
    playlist.updated_at = now
    await session.flush()
    return playlist


async def _write(
    session: AsyncSession, meta: SpotifyPlaylist, positions: list[_Position]
) -> SyncResult:
    playlist = await _upsert_playlist(session, meta, len(positions))
    results = await add_wanted_tracks(session, [p.candidate for p in positions], source="playlist")
    new_ids = [r.track_id for r in results if r.created and r.state == "wanted"]
    await enqueue_acquisition(session, new_ids)
    await session.execute(delete(PlaylistEntry).where(PlaylistEntry.playlist_id == playlist.id))
    rows: list[dict[str, Any]] = [
        {
            "playlist_id": playlist.id,
            "position": index,
            "track_id": result.track_id,
            "spotify_track_id": position.spotify_track_id,
            "added_at": position.added_at,
        }
        for index, (position, result) in enumerate(zip(positions, results, strict=True))
    ]
    for start in range(0, len(rows), _ENTRY_CHUNK):
        await session.execute(bulk_insert(PlaylistEntry), rows[start : start + _ENTRY_CHUNK])
    created = sum(1 for r in results if r.created)
    await record_activity(
        session,
        "playlist.synced",
        f"Synced playlist “{playlist.name}”: {len(positions)} tracks, {created} new",
        entity_type="playlist",
        entity_id=meta.id,
        details={"tracks": len(positions), "new_tracks": created, "revision": playlist.revision},
    )
    return SyncResult(meta.id, True, len(positions), created, playlist.revision)
