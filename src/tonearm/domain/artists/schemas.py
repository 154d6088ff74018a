"""Artist response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ArtistOut",
    "ReconcileOut",
    "ReleaseOut",
    "ReleaseTrackOut",
    "SyncQueuedOut",
]


class ReleaseTrackOut(BaseModel):
    """A track of a release."""

    model_config = ConfigDict(from_attributes=True)

    spotify_id: str
    name: str
    artists: list[str]
    duration_ms: int
    track_number: int
    disc_number: int
    explicit: bool


class ReleaseOut(BaseModel):
    """A release; inactive ones vanished upstream (``inactive_reason``)."""

    model_config = ConfigDict(from_attributes=True)

    spotify_id: str
    name: str
    release_type: str
    album_group: str
    release_date: str | None
    total_tracks: int
    cover_url: str | None
    active: bool
    inactive_reason: str | None
    tracks: list[ReleaseTrackOut] = Field(default_factory=list)


class ArtistOut(BaseModel):
    """An artist's profile and releases, with how fresh the data is."""

    key: str
    name: str
    genres: list[str]
    images: list[dict[str, Any]]
    synced_at: datetime | None
    stale: bool
    warnings: list[str] = Field(default_factory=list)
    watched: bool
    releases: list[ReleaseOut]


class SyncQueuedOut(BaseModel):
    """A queued sync job."""

    job_id: int
    status: str = "queued"
    already_queued: bool = False


class ReconcileOut(BaseModel):
    """A reconcile's delta (``dry_run``: a preview, nothing written)."""

    artist_key: str
    dry_run: bool
    added: list[dict[str, Any]]
    updated: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    profile: dict[str, Any]
    changes: int
    stale: bool
    warnings: list[str] = Field(default_factory=list)
