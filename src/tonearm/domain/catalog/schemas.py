"""The track object of the API and the request that adds one."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tonearm.domain.catalog.candidate import TrackCandidate

__all__ = ["TrackIn", "TrackOut", "TrackPage"]


class TrackOut(BaseModel):
    """A wanted track as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    artists: list[str]
    album: str | None
    duration_ms: int | None
    isrc: str | None
    spotify_id: str | None
    state: str
    reason: str | None = None
    library_path: str | None = None


class TrackPage(BaseModel):
    """A page of tracks."""

    items: list[TrackOut]
    total: int
    limit: int
    offset: int


class TrackIn(BaseModel):
    """Add a wanted track by artist and title (album, duration optional) or by Spotify id."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = Field(None, max_length=500)
    artist: str | None = Field(None, max_length=500)
    artists: list[str] | None = Field(None, max_length=20)
    album: str | None = Field(None, max_length=500)
    duration_ms: int | None = Field(None, ge=0, le=24 * 3600 * 1000)
    isrc: str | None = Field(None, max_length=16)
    spotify_id: str | None = Field(None, pattern=r"^[0-9A-Za-z]{22}$")

    @model_validator(mode="after")
    def _enough(self) -> TrackIn:
        if self.spotify_id is None and not (self.title and (self.artist or self.artists)):
            raise ValueError("give a title and an artist, or a spotify_id")
        return self

    def candidate(self) -> TrackCandidate:
        """The candidate this request describes."""
        artists = list(self.artists or []) or ([self.artist] if self.artist else [])
        return TrackCandidate(
            title=self.title or f"spotify:track:{self.spotify_id}",
            artists=[a for a in artists if a],
            album=self.album,
            duration_ms=self.duration_ms,
            isrc=self.isrc,
            spotify_id=self.spotify_id,
        )
