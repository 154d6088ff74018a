"""Apply a provider snapshot to the stored artist: only the changes, one audit row each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import Artist, Release, ReleaseTrack
from tonearm.domain.activity import record_activity
from tonearm.domain.artists.delta import (
    COMPARED_FIELDS,
    ReleaseChange,
    ReleaseDelta,
    RemoteRelease,
    compute_delta,
)
from tonearm.domain.artists.snapshot import ArtistSnapshot
from tonearm.integrations.spotify import SimplifiedTrack

__all__ = ["SyncPlan", "SyncResult", "apply_plan", "plan_sync", "tracks_needed"]

REMOVED_REASON = "no longer listed by Spotify"


@dataclass(frozen=True)
class SyncPlan:
    """What a sync would change: the release delta and the profile fields."""

    key: str
    snapshot: ArtistSnapshot
    delta: ReleaseDelta
    profile: dict[str, list[Any]]
    new_artist: bool

    @property
    def empty(self) -> bool:
        """Whether applying changes nothing but the check time."""
        return self.delta.empty and not self.profile and not self.new_artist

    def preview(self) -> dict[str, Any]:
        """The delta as JSON-ready data."""
        return {
            "added": [
                {"spotify_id": r.spotify_id, "name": r.name, "album_group": r.album_group}
                for r in self.delta.added
            ],
            "updated": [
                {"spotify_id": c.spotify_id, "name": c.name, "changes": c.changes}
                for c in self.delta.updated
            ],
            "removed": [{"spotify_id": sid} for sid in self.delta.removed],
            "profile": self.profile,
        }


@dataclass
class SyncResult:
    """What applying a plan did."""

    artist_id: int
    changes: int
    added_release_ids: list[int] = field(default_factory=list)


def _profile(artist: Artist | None, snapshot: ArtistSnapshot) -> dict[str, list[Any]]:
    remote = snapshot.artist
    wanted = {
        "name": remote.name[:500],
        "genres": list(remote.genres),
        "images": [image.model_dump() for image in remote.images],
    }
    if artist is None:
        return {}
    current = {"name": artist.name, "genres": artist.genres, "images": artist.images}
    return {k: [current[k], v] for k, v in wanted.items() if current[k] != v}


async def _stored(session: AsyncSession, key: str) -> tuple[Artist | None, list[Release]]:
    artist = (await session.execute(select(Artist).where(Artist.key == key))).scalar_one_or_none()
    if artist is None:
        return None, []
    rows = await session.execute(select(Release).where(Release.artist_id == artist.id))
    return artist, list(rows.scalars())


async def plan_sync(session: AsyncSession, key: str, snapshot: ArtistSnapshot) -> SyncPlan:
    """Compare ``snapshot`` with what is stored (reads only)."""
    artist, releases = await _stored(session, key)
    stored = [
        ({"spotify_id": r.spotify_id, **{f: getattr(r, f) for f in COMPARED_FIELDS}}, r.active)
        for r in releases
    ]
    return SyncPlan(
        key=key,
        snapshot=snapshot,
        delta=compute_delta(stored, snapshot.releases),
        profile=_profile(artist, snapshot),
        new_artist=artist is None,
    )


def tracks_needed(plan: SyncPlan) -> list[str]:
    """Releases whose track list must be (re)read: new ones and ones whose size changed."""
    changed = [
        c.spotify_id for c in plan.delta.updated if {"total_tracks", "active"} & set(c.changes)
    ]
    return [r.spotify_id for r in plan.delta.added] + changed


async def apply_plan(
    session: AsyncSession,
    plan: SyncPlan,
    tracks: Mapping[str, Sequence[SimplifiedTrack]],
    *,
    hard_delete: bool,
    now: datetime | None = None,
) -> SyncResult:
    """Write the plan's changes in the caller's transaction, one audit row per change."""
    now = now or utcnow()
    artist, releases = await _stored(session, plan.key)
    artist = await _apply_profile(session, artist, plan, now)
    by_id = {r.spotify_id: r for r in releases}
    result = SyncResult(artist_id=artist.id, changes=1 if plan.profile else 0)
    result.changes += int(plan.new_artist)
    for remote in plan.delta.added:
        release = _new_release(artist.id, remote, now)
        session.add(release)
        await session.flush()
        await _replace_tracks(session, release.id, tracks.get(remote.spotify_id, ()))
        result.added_release_ids.append(release.id)
        await _audit(
            session, plan.key, "artist.release_added", f"New release: {remote.name}", remote
        )
    for change in plan.delta.updated:
        await _apply_update(session, by_id[change.spotify_id], change, plan, tracks, now)
    for spotify_id in plan.delta.removed:
        await _remove(session, by_id[spotify_id], plan.key, hard_delete, now)
    result.changes += len(plan.delta.added) + len(plan.delta.updated) + len(plan.delta.removed)
    artist.synced_at = now
    await session.flush()
    return result


async def _apply_profile(
    session: AsyncSession, artist: Artist | None, plan: SyncPlan, now: datetime
) -> Artist:
    remote = plan.snapshot.artist
    if artist is None:
        artist = Artist(
            key=plan.key,
            spotify_id=remote.id,
            name=remote.name[:500],
            genres=list(remote.genres),
            images=[image.model_dump() for image in remote.images],
            created_at=now,
            updated_at=now,
        )
        session.add(artist)
        await session.flush()
        await record_activity(
            session,
            "artist.added",
            f"Artist added: {artist.name}",
            entity_type="artist",
            entity_id=plan.key,
        )
        return artist
    if plan.profile:
        for name, (_, new) in plan.profile.items():
            setattr(artist, name, new)
        artist.updated_at = now
        await record_activity(
            session,
            "artist.updated",
            f"Artist profile changed: {', '.join(sorted(plan.profile))}",
            entity_type="artist",
            entity_id=plan.key,
            details={"changes": plan.profile},
        )
    return artist


def _new_release(artist_id: int, remote: RemoteRelease, now: datetime) -> Release:
    return Release(
        artist_id=artist_id,
        **remote.values(),
        spotify_id=remote.spotify_id,
        active=True,
        inactive_reason=None,
        created_at=now,
        updated_at=now,
    )


async def _apply_update(
    session: AsyncSession,
    release: Release,
    change: ReleaseChange,
    plan: SyncPlan,
    tracks: Mapping[str, Sequence[SimplifiedTrack]],
    now: datetime,
) -> None:
    for name, (_, new) in change.changes.items():
        setattr(release, name, new)
    if "active" in change.changes:
        release.inactive_reason = None
    release.updated_at = now
    if change.spotify_id in tracks:
        await _replace_tracks(session, release.id, tracks[change.spotify_id])
    await record_activity(
        session,
        "artist.release_updated",
        f"Release changed: {change.name} ({', '.join(sorted(change.changes))})",
        entity_type="artist",
        entity_id=plan.key,
        details={"spotify_id": change.spotify_id, "changes": change.changes},
    )


async def _remove(
    session: AsyncSession, release: Release, key: str, hard_delete: bool, now: datetime
) -> None:
    details = {"spotify_id": release.spotify_id, "hard_delete": hard_delete}
    if hard_delete:
        await session.delete(release)
    else:
        release.active = False
        release.inactive_reason = REMOVED_REASON
        release.updated_at = now
    await record_activity(
        session,
        "artist.release_removed",
        f"Release removed: {release.name}",
        entity_type="artist",
        entity_id=key,
        details=details,
    )


async def _replace_tracks(
    session: AsyncSession, release_id: int, tracks: Sequence[SimplifiedTrack]
) -> None:
    await session.execute(delete(ReleaseTrack).where(ReleaseTrack.release_id == release_id))
    seen: set[str] = set()
    for track in tracks:
        if track.id in seen:
            continue
        seen.add(track.id)
        session.add(
            ReleaseTrack(
                release_id=release_id,
                spotify_id=track.id,
                name=track.name[:500],
                artists=[a.name for a in track.artists],
                duration_ms=track.duration_ms,
                track_number=track.track_number,
                disc_number=track.disc_number,
                explicit=track.explicit,
            )
        )
    await session.flush()


async def _audit(
    session: AsyncSession, key: str, type_: str, summary: str, release: RemoteRelease
) -> None:
    await record_activity(
        session,
        type_,
        summary,
        entity_type="artist",
        entity_id=key,
        details={"spotify_id": release.spotify_id, **release.values()},
    )
