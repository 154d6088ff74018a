"""The compact data file of the Spotify emulator, parsed and indexed."""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DataAlbum",
    "DataArtist",
    "DataClient",
    "DataPlaylist",
    "DataTrack",
    "DataUser",
    "SpotifyData",
    "parse_spotify_data",
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class DataClient(_Record):
    """A registered app: its credentials and, optionally, its allowed redirect URIs."""

    client_id: str
    client_secret: str
    redirect_uris: list[str] | None = None


class DataUser(_Record):
    """A Spotify account."""

    id: str
    display_name: str
    country: str = "US"
    product: str = "premium"
    email: str | None = None


class DataArtist(_Record):
    """An artist."""

    id: str
    name: str
    genres: list[str] = Field(default_factory=list)
    popularity: int = 50
    followers: int = 0


class DataAlbum(_Record):
    """An album; its tracks are the tracks whose `album_id` points here."""

    id: str
    name: str
    album_type: Literal["album", "single", "compilation"] = "album"
    release_date: str
    release_date_precision: Literal["year", "month", "day"] = "day"
    artist_ids: list[str]
    label: str | None = None
    upc: str | None = None
    image_size: int = Field(default=640, ge=1, le=4096)
    popularity: int = 50


class DataTrack(_Record):
    """A track."""

    id: str
    name: str
    album_id: str
    artist_ids: list[str]
    duration_ms: int
    track_number: int = 1
    disc_number: int = 1
    explicit: bool = False
    isrc: str | None = None
    popularity: int = 50


class DataPlaylist(_Record):
    """A playlist; `track_ids` may contain ids unknown to the file (served as null items)."""

    id: str
    name: str
    owner_id: str
    description: str | None = None
    public: bool = True
    collaborative: bool = False
    snapshot_id: str | None = None
    track_ids: list[str] = Field(default_factory=list)

    def effective_snapshot_id(self) -> str:
        """The given snapshot id, else one derived from the name and the track list."""
        if self.snapshot_id:
            return self.snapshot_id
        digest = hashlib.sha256("\n".join([self.name, *self.track_ids]).encode()).hexdigest()
        return "AAAA" + digest[:28]


class SpotifyData(_Record):
    """The whole data file, with id indexes built on first use."""

    clients: list[DataClient] = Field(default_factory=list)
    users: list[DataUser] = Field(default_factory=list)
    artists: list[DataArtist] = Field(default_factory=list)
    albums: list[DataAlbum] = Field(default_factory=list)
    tracks: list[DataTrack] = Field(default_factory=list)
    playlists: list[DataPlaylist] = Field(default_factory=list)
    followed_artist_ids: list[str] = Field(default_factory=list)
    saved_track_ids: list[str] = Field(default_factory=list)
    token_ttl_s: int = Field(default=3600, ge=1)

    @cached_property
    def artist_by_id(self) -> dict[str, DataArtist]:
        """Artists by id."""
        return {a.id: a for a in self.artists}

    @cached_property
    def album_by_id(self) -> dict[str, DataAlbum]:
        """Albums by id."""
        return {a.id: a for a in self.albums}

    @cached_property
    def track_by_id(self) -> dict[str, DataTrack]:
        """Tracks by id."""
        return {t.id: t for t in self.tracks}

    @cached_property
    def playlist_by_id(self) -> dict[str, DataPlaylist]:
        """Playlists by id."""
        return {p.id: p for p in self.playlists}

    @cached_property
    def user_by_id(self) -> dict[str, DataUser]:
        """Users by id."""
        return {u.id: u for u in self.users}

    @cached_property
    def client_by_id(self) -> dict[str, DataClient]:
        """Registered clients by id."""
        return {c.client_id: c for c in self.clients}

    @cached_property
    def tracks_by_album(self) -> dict[str, list[DataTrack]]:
        """Each album's tracks in disc/track order."""
        grouped: dict[str, list[DataTrack]] = {}
        for track in self.tracks:
            grouped.setdefault(track.album_id, []).append(track)
        for tracks in grouped.values():
            tracks.sort(key=lambda t: (t.disc_number, t.track_number))
        return grouped


def parse_spotify_data(raw: Any) -> SpotifyData:
    """Validate a decoded data file."""
    return SpotifyData.model_validate(raw)
