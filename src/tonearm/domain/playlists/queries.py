"""Read synced playlists: the list, and one playlist with a page of its tracks."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import Playlist, PlaylistEntry, Track
from tonearm.domain.catalog import TrackOut
from tonearm.errors import NotFound

__all__ = [
    "PlaylistDetail",
    "PlaylistEntryOut",
    "PlaylistOut",
    "PlaylistPage",
    "get_playlist",
    "list_playlists",
]


class PlaylistNotFound(NotFound):
    """No such synced playlist."""


class PlaylistOut(BaseModel):
    """A synced playlist. ``revision`` grows with every change (it feeds the ETag)."""

    id: str
    name: str
    owner: str | None
    snapshot_id: str | None
    track_count: int
    synced_at: datetime | None
    revision: int


class PlaylistPage(BaseModel):
    """A page of playlists."""

    items: list[PlaylistOut]
    total: int
    limit: int
    offset: int


class PlaylistEntryOut(BaseModel):
    """One position of a playlist."""

    position: int
    added_at: datetime | None
    track: TrackOut | None


class PlaylistDetail(PlaylistOut):
    """A playlist with one page of its tracks."""

    tracks: list[PlaylistEntryOut]
    limit: int
    offset: int


def _out(row: Playlist) -> PlaylistOut:
    return PlaylistOut(
        id=row.spotify_id,
        name=row.name,
        owner=row.owner_name or row.owner_id,
        snapshot_id=row.snapshot_id,
        track_count=row.track_count,
        synced_at=row.synced_at,
        revision=row.revision,
    )


async def list_playlists(session: AsyncSession, *, limit: int, offset: int) -> PlaylistPage:
    """Synced playlists by name."""
    stmt = select(Playlist).order_by(Playlist.name, Playlist.id).limit(limit).offset(offset)
    rows = (await session.execute(stmt)).scalars()
    total = (await session.execute(select(func.count(Playlist.id)))).scalar_one()
    return PlaylistPage(items=[_out(r) for r in rows], total=int(total), limit=limit, offset=offset)


async def get_playlist(
    session: AsyncSession, spotify_id: str, *, limit: int, offset: int
) -> PlaylistDetail:
    """One playlist and the entries at ``offset``..``offset+limit``."""
    stmt = select(Playlist).where(Playlist.spotify_id == spotify_id)
    playlist = (await session.execute(stmt)).scalar_one_or_none()
    if playlist is None:
        raise PlaylistNotFound(f"playlist {spotify_id} has not been synced")
    entries = await session.execute(
        select(PlaylistEntry, Track)
        .outerjoin(Track, Track.id == PlaylistEntry.track_id)
        .where(PlaylistEntry.playlist_id == playlist.id)
        .order_by(PlaylistEntry.position)
        .limit(limit)
        .offset(offset)
    )
    tracks = [
        PlaylistEntryOut(
            position=entry.position,
            added_at=entry.added_at,
            track=TrackOut.model_validate(track) if track is not None else None,
        )
        for entry, track in entries
    ]
    base = _out(playlist).model_dump()
    return PlaylistDetail(**base, tracks=tracks, limit=limit, offset=offset)
