"""Unified search: the request and the one result schema every source maps to."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "ResultType",
    "SearchFilters",
    "SearchItem",
    "SearchPage",
    "SearchRequest",
    "SearchSort",
    "SourceName",
]

SourceName = Literal["spotify", "soulseek", "library"]
ResultType = Literal["track", "album", "artist"]
ALL_SOURCES: tuple[SourceName, ...] = ("spotify", "soulseek", "library")
DEFAULT_TYPES: tuple[ResultType, ...] = ("track",)


class SearchFilters(BaseModel):
    """Filters applied to every source's results (unknown values pass range filters)."""

    model_config = ConfigDict(extra="forbid")

    year_range: tuple[int | None, int | None] | None = None
    duration_ms: tuple[int | None, int | None] | None = Field(
        None, description="[min, max] in milliseconds."
    )
    min_bitrate: int | None = Field(None, ge=0, description="kbps; results without one fail.")
    formats: list[str] | None = Field(None, description="e.g. flac, mp3 (case-insensitive).")
    username: str | None = Field(None, max_length=200, description="Soulseek peer.")
    explicit: bool | None = None


class SearchSort(BaseModel):
    """Result order (missing values sort last)."""

    model_config = ConfigDict(extra="forbid")

    by: Literal["relevance", "bitrate", "year", "duration"] = "relevance"
    order: Literal["asc", "desc"] = "desc"


class SearchRequest(BaseModel):
    """``POST /api/v1/search``."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=300)
    sources: list[SourceName] = Field(default_factory=lambda: list(ALL_SOURCES), min_length=1)
    types: list[ResultType] = Field(default_factory=lambda: list(DEFAULT_TYPES), min_length=1)
    filters: SearchFilters = Field(default_factory=SearchFilters)
    sort: SearchSort = Field(default_factory=SearchSort)
    page: int = Field(1, ge=1, le=1000)
    size: int = Field(20, ge=1, le=100)

    @model_validator(mode="after")
    def _not_blank(self) -> SearchRequest:
        if not self.query.strip():
            raise ValueError("query must not be blank")
        return self


class SearchItem(BaseModel):
    """One result, whatever its source. Soulseek results carry ``username``, ``filename`` and
    ``size`` (enough for a manual download); Spotify tracks carry ``spotify_id``."""

    id: str
    source: SourceName
    type: ResultType
    title: str
    artists: list[str] = Field(default_factory=list)
    album: str | None = None
    year: int | None = None
    duration_ms: int | None = None
    bitrate: int | None = None
    format: str | None = None
    score: float = 0.0
    explicit: bool | None = None
    spotify_id: str | None = None
    username: str | None = None
    filename: str | None = None
    size: int | None = None
    library_path: str | None = None


class SearchPage(BaseModel):
    """A page of merged results and the error of each source that failed."""

    items: list[SearchItem]
    total: int
    page: int
    size: int
    errors: dict[str, str] = Field(default_factory=dict)
