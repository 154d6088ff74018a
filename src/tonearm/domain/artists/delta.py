"""The release delta between what is stored and what the provider lists now (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tonearm.integrations.spotify import AlbumRef

__all__ = ["COMPARED_FIELDS", "ReleaseChange", "ReleaseDelta", "RemoteRelease", "compute_delta"]

COMPARED_FIELDS = (
    "name",
    "release_type",
    "album_group",
    "release_date",
    "release_date_precision",
    "total_tracks",
    "cover_url",
)


@dataclass(frozen=True)
class RemoteRelease:
    """A release as the provider lists it."""

    spotify_id: str
    name: str
    release_type: str
    album_group: str
    release_date: str | None
    release_date_precision: str
    total_tracks: int
    cover_url: str | None

    @classmethod
    def from_album(cls, album: AlbumRef, default_group: str = "album") -> RemoteRelease:
        """From a Spotify album listed under an artist."""
        cover = max(album.images, key=lambda i: i.width or 0).url if album.images else None
        return cls(
            spotify_id=album.id,
            name=album.name[:500],
            release_type=album.album_type,
            album_group=album.album_group or default_group,
            release_date=album.release_date[:10] or None,
            release_date_precision=album.release_date_precision,
            total_tracks=album.total_tracks,
            cover_url=cover,
        )

    def values(self) -> dict[str, Any]:
        """The compared columns."""
        return {name: getattr(self, name) for name in COMPARED_FIELDS}


@dataclass(frozen=True)
class ReleaseChange:
    """An updated release: each changed field as ``[old, new]``."""

    spotify_id: str
    name: str
    changes: dict[str, list[Any]]


@dataclass(frozen=True)
class ReleaseDelta:
    """Releases to add, update (incl. reactivate) and remove."""

    added: list[RemoteRelease] = field(default_factory=list)
    updated: list[ReleaseChange] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether nothing changes."""
        return not (self.added or self.updated or self.removed)


def compute_delta(
    stored: Iterable[tuple[dict[str, Any], bool]], remote: Sequence[RemoteRelease]
) -> ReleaseDelta:
    """Compare stored releases (their compared values incl. ``spotify_id``, and whether they
    are active) with the remote list. Inactive releases that come back are updates."""
    known = {values["spotify_id"]: (values, active) for values, active in stored}
    seen: set[str] = set()
    delta = ReleaseDelta()
    for release in remote:
        if release.spotify_id in seen:
            continue
        seen.add(release.spotify_id)
        if release.spotify_id not in known:
            delta.added.append(release)
            continue
        values, active = known[release.spotify_id]
        changes = {
            name: [values.get(name), new]
            for name, new in release.values().items()
            if values.get(name) != new
        }
        if not active:
            changes["active"] = [False, True]
        if changes:
            delta.updated.append(ReleaseChange(release.spotify_id, release.name, changes))
    delta.removed.extend(
        sid for sid, (_, active) in sorted(known.items()) if active and sid not in seen
    )
    return delta
