"""New releases of a watched artist become wanted tracks (only what is not owned yet)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import Artist, Release, ReleaseTrack, WatchlistEntry
from tonearm.domain.activity import record_activity
from tonearm.domain.catalog import TrackCandidate, add_wanted_tracks, enqueue_acquisition

__all__ = ["release_period_end", "want_new_releases"]

SOURCE = "watchlist"
APPEARS_ON = "appears_on"


def release_period_end(value: str | None) -> date | None:
    """The last day a release date can mean (``2024`` → 2024-12-31, ``2024-02`` → 02-29)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def _features(track: ReleaseTrack, artist: Artist) -> bool:
    name = artist.name.casefold()
    return any(credited.casefold() == name for credited in track.artists)


def _wanted_tracks(
    release: Release, tracks: Sequence[ReleaseTrack], artist: Artist
) -> list[ReleaseTrack]:
    """Every track of the artist's own releases; of a release it only appears on (a
    compilation of many artists), only the tracks that credit it."""
    if release.album_group == APPEARS_ON:
        return [t for t in tracks if _features(t, artist)]
    return list(tracks)


def _is_new(release: Release, previous_check: datetime) -> bool:
    end = release_period_end(release.release_date)
    return end is not None and end >= previous_check.astimezone(UTC).date()


async def want_new_releases(
    session: AsyncSession,
    entry: WatchlistEntry,
    artist: Artist,
    release_ids: Sequence[int],
    previous_check: datetime | None,
) -> int:
    """Wanted tracks for releases added by this check that came out since the previous one
    and match the entry's release filter. The first check only sets the baseline.
    Returns how many new wanted tracks were queued for acquisition."""
    if previous_check is None or not release_ids:
        return 0
    rows = await session.execute(
        select(Release).where(
            Release.id.in_(release_ids), Release.album_group.in_(entry.release_groups)
        )
    )
    releases = [r for r in rows.scalars() if _is_new(r, previous_check)]
    queued = 0
    for release in releases:
        tracks = await session.execute(
            select(ReleaseTrack)
            .where(ReleaseTrack.release_id == release.id)
            .order_by(ReleaseTrack.disc_number, ReleaseTrack.track_number)
        )
        own = _wanted_tracks(release, list(tracks.scalars()), artist)
        candidates = [_candidate(t, release, artist) for t in own]
        results = await add_wanted_tracks(session, candidates, source=SOURCE)
        new_ids = [r.track_id for r in results if r.created and r.state == "wanted"]
        queued += await enqueue_acquisition(session, new_ids)
        await record_activity(
            session,
            "watchlist.new_release",
            f"New release {release.name}: {len(new_ids)} track(s) wanted",
            entity_type="artist",
            entity_id=entry.artist_key,
            details={"spotify_id": release.spotify_id, "wanted_track_ids": new_ids},
        )
    return queued


def _candidate(track: ReleaseTrack, release: Release, artist: Artist) -> TrackCandidate:
    end = release_period_end(release.release_date)
    return TrackCandidate(
        title=track.name,
        artists=list(track.artists) or [artist.name],
        album=release.name,
        album_artist=artist.name,
        duration_ms=track.duration_ms,
        spotify_id=track.spotify_id,
        spotify_album_id=release.spotify_id,
        spotify_artist_ids=[artist.spotify_id],
        track_number=track.track_number,
        disc_number=track.disc_number,
        release_year=end.year if end else None,
        explicit=track.explicit,
        cover_url=release.cover_url,
    )
