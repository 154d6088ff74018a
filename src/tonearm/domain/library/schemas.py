"""API shapes of the library."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["LibraryPage", "LibraryTrackOut"]


class LibraryTrackOut(BaseModel):
    """A file in the library with its tags."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    path: str
    track_id: int | None
    title: str | None
    artists: list[str]
    album: str | None
    album_artist: str | None
    track_number: int | None
    disc_number: int | None
    year: int | None
    isrc: str | None
    spotify_id: str | None
    genre: str | None
    format: str
    size: int
    has_cover: bool
    has_lyrics: bool


class LibraryPage(BaseModel):
    """A page of library files."""

    items: list[LibraryTrackOut]
    total: int
    limit: int
    offset: int
