"""Reading stored artists, and deciding whether their data is stale."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import Artist, Release, ReleaseTrack, WatchlistEntry
from tonearm.domain.artists.errors import ArtistNotFound
from tonearm.domain.artists.schemas import ArtistOut, ReleaseOut, ReleaseTrackOut

__all__ = ["get_artist_profile", "staleness", "stored_synced_at"]


def staleness(
    synced_at: datetime | None, stale_after_s: float, now: datetime | None = None
) -> tuple[bool, list[str]]:
    """Whether data synced at ``synced_at`` is stale, and the warning to show."""
    now = now or utcnow()
    if synced_at is None:
        return True, ["artist data has never been synced"]
    age = now - synced_at
    if age > timedelta(seconds=stale_after_s):
        hours = age.total_seconds() / 3600
        return True, [f"artist data is {hours:.0f} h old (older than {stale_after_s:.0f} s)"]
    return False, []


async def stored_synced_at(session: AsyncSession, key: str) -> datetime | None:
    """When ``key`` was last synced (None: never)."""
    stmt = select(Artist.synced_at).where(Artist.key == key)
    return (await session.execute(stmt)).scalar_one_or_none()


async def get_artist_profile(session: AsyncSession, key: str, *, stale_after_s: float) -> ArtistOut:
    """The stored profile and releases (newest first) with their tracks."""
    artist = (await session.execute(select(Artist).where(Artist.key == key))).scalar_one_or_none()
    if artist is None:
        raise ArtistNotFound(details={"artist_key": key})
    releases = (
        (
            await session.execute(
                select(Release)
                .where(Release.artist_id == artist.id)
                .order_by(Release.release_date.desc(), Release.id)
            )
        )
        .scalars()
        .all()
    )
    tracks = await session.execute(
        select(ReleaseTrack)
        .where(ReleaseTrack.release_id.in_([r.id for r in releases]))
        .order_by(ReleaseTrack.disc_number, ReleaseTrack.track_number, ReleaseTrack.id)
    )
    by_release: dict[int, list[ReleaseTrackOut]] = {}
    for track in tracks.scalars():
        by_release.setdefault(track.release_id, []).append(ReleaseTrackOut.model_validate(track))
    watched = await session.execute(
        select(WatchlistEntry.id).where(WatchlistEntry.artist_key == key)
    )
    stale, warnings = staleness(artist.synced_at, stale_after_s)
    return ArtistOut(
        key=artist.key,
        name=artist.name,
        genres=artist.genres,
        images=artist.images,
        synced_at=artist.synced_at,
        stale=stale,
        warnings=warnings,
        watched=watched.first() is not None,
        releases=[
            ReleaseOut.model_validate(r).model_copy(update={"tracks": by_release.get(r.id, [])})
            for r in releases
        ],
    )
