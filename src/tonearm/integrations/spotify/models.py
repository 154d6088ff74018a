"""Typed views of the Spotify Web API objects Tonearm reads (unknown fields are ignored)."""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Album",
    "AlbumRef",
    "Artist",
    "ArtistRef",
    "ExternalIds",
    "Image",
    "ItemsRef",
    "Page",
    "Playlist",
    "PlaylistItem",
    "PlaylistOwner",
    "PlaylistSummary",
    "SavedTrack",
    "SearchResults",
    "SimplifiedTrack",
    "Track",
    "User",
]

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Image(_Model):
    """An image (cover art); dimensions may be unknown."""

    url: str
    height: int | None = None
    width: int | None = None


class ExternalIds(_Model):
    """Known external ids (ISRC for tracks, UPC/EAN for albums)."""

    isrc: str | None = None
    upc: str | None = None
    ean: str | None = None


class ArtistRef(_Model):
    """A simplified artist."""

    id: str
    name: str
    uri: str = ""


class Artist(ArtistRef):
    """A full artist."""

    genres: list[str] = Field(default_factory=list)
    popularity: int | None = None
    images: list[Image] = Field(default_factory=list)


class AlbumRef(_Model):
    """A simplified album (as found on tracks, in discographies and in search)."""

    id: str
    name: str
    album_type: str
    release_date: str
    release_date_precision: str = "day"
    total_tracks: int = 0
    artists: list[ArtistRef] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    uri: str = ""
    album_group: str | None = None


class SimplifiedTrack(_Model):
    """A track without its album (album track listings)."""

    id: str
    name: str
    artists: list[ArtistRef] = Field(default_factory=list)
    duration_ms: int
    track_number: int = 1
    disc_number: int = 1
    explicit: bool = False
    uri: str = ""
    is_local: bool = False


class Track(SimplifiedTrack):
    """A full track, with its album and ISRC."""

    album: AlbumRef
    external_ids: ExternalIds = Field(default_factory=ExternalIds)
    popularity: int | None = None

    @property
    def isrc(self) -> str | None:
        """The track's ISRC, when Spotify knows it."""
        return self.external_ids.isrc


class Page(_Model, Generic[T]):
    """One page of a paging object."""

    items: list[T]
    total: int
    limit: int
    offset: int = 0
    next: str | None = None


class Album(AlbumRef):
    """A full album with its first page of tracks."""

    label: str | None = None
    genres: list[str] = Field(default_factory=list)
    external_ids: ExternalIds = Field(default_factory=ExternalIds)
    popularity: int | None = None
    tracks: Page[SimplifiedTrack] | None = None

    @property
    def upc(self) -> str | None:
        """The album's UPC, when known."""
        return self.external_ids.upc


class User(_Model):
    """The current user (`/me`)."""

    id: str
    display_name: str | None = None
    country: str | None = None
    product: str | None = None
    uri: str = ""


class PlaylistOwner(_Model):
    """A playlist's owner."""

    id: str
    display_name: str | None = None


class ItemsRef(_Model):
    """A reference to a playlist's items: where they are and how many."""

    href: str | None = None
    total: int = 0


class PlaylistSummary(_Model):
    """A playlist as listed (`/me/playlists`)."""

    id: str
    name: str
    description: str | None = None
    owner: PlaylistOwner
    public: bool | None = None
    collaborative: bool = False
    snapshot_id: str
    images: list[Image] = Field(default_factory=list)
    uri: str = ""
    items: ItemsRef | None = None
    tracks: ItemsRef | None = None  # the pre-2026 name of `items`

    @property
    def total_items(self) -> int:
        """How many items the playlist holds."""
        ref = self.items or self.tracks
        return ref.total if ref else 0


class Playlist(PlaylistSummary):
    """A playlist's details (`/playlists/{id}`), including its `snapshot_id`."""


class PlaylistItem(_Model):
    """A track in a playlist and when it was added."""

    added_at: datetime | None = None
    track: Track


class SavedTrack(_Model):
    """A track in the user's library and when it was saved."""

    added_at: datetime
    track: Track


class SearchResults(_Model):
    """One page of search results per requested type."""

    tracks: Page[Track] | None = None
    albums: Page[AlbumRef] | None = None
    artists: Page[Artist] | None = None
