"""Watchlist request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tonearm.domain.artists.keys import ARTIST_KEY_PATTERN

__all__ = [
    "ReleaseGroup",
    "WatchlistEntryIn",
    "WatchlistEntryOut",
    "WatchlistPage",
    "WatchlistPatch",
    "WatchlistPause",
]

ReleaseGroup = Literal["album", "single", "compilation", "appears_on"]


class WatchlistEntryIn(BaseModel):
    """Add an artist by key (``spotify:<id>``, e.g. an artist result of a search)."""

    model_config = ConfigDict(extra="forbid")

    artist_key: str = Field(pattern=ARTIST_KEY_PATTERN, max_length=72)
    priority: int = Field(0, ge=-1000, le=1000)
    release_groups: list[ReleaseGroup] | None = Field(
        None, min_length=1, description="Release kinds that become wanted tracks."
    )
    name: str | None = Field(None, max_length=500)


class WatchlistPatch(BaseModel):
    """Change an entry's priority and/or release filter."""

    model_config = ConfigDict(extra="forbid")

    priority: int | None = Field(None, ge=-1000, le=1000)
    release_groups: list[ReleaseGroup] | None = Field(None, min_length=1)


class WatchlistPause(BaseModel):
    """Pause checks, optionally until a time (then they resume by themselves)."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=500)
    resume_at: datetime | None = None


class WatchlistEntryOut(BaseModel):
    """A watched artist."""

    model_config = ConfigDict(from_attributes=True)

    artist_key: str
    name: str | None
    priority: int
    release_groups: list[str]
    paused: bool
    pause_reason: str | None
    resume_at: datetime | None
    last_checked_at: datetime | None
    next_check_at: datetime | None
    failures: int
    cooldown_until: datetime | None
    last_error: str | None
    created_at: datetime


class WatchlistPage(BaseModel):
    """A page of the watchlist, by priority then next due."""

    items: list[WatchlistEntryOut]
    total: int
    limit: int
    offset: int
