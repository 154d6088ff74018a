"""API shapes of downloads and candidates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CandidateOut", "DownloadCreate", "DownloadDetail", "DownloadOut", "DownloadPage"]


class DownloadOut(BaseModel):
    """A download as the API lists it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    track_id: int | None
    state: str
    username: str
    filename: str = Field(description="The remote (Soulseek) path.")
    size: int
    format: str | None
    bitrate: int | None
    progress: float
    attempts: int
    error: str | None = None
    library_path: str | None = None
    score: float | None


class CandidateOut(BaseModel):
    """One ranked candidate with its score breakdown."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    search_round: int
    position: int
    username: str
    filename: str
    size: int
    extension: str
    bitrate: int | None
    length_s: float | None
    score: float
    verdict: str
    quality: str | None
    status: str
    breakdown: dict[str, Any]


class DownloadDetail(DownloadOut):
    """One download with its chosen candidate, score breakdown and file paths."""

    breakdown: dict[str, Any]
    candidate: CandidateOut | None = None
    transfer_state: str | None = None
    local_path: str | None = None
    created_at: datetime
    updated_at: datetime


class DownloadPage(BaseModel):
    """A page of downloads."""

    items: list[DownloadOut]
    total: int
    limit: int
    offset: int


class DownloadCreate(BaseModel):
    """A manual download of one remote file."""

    username: str = Field(min_length=1, max_length=255)
    filename: str = Field(min_length=1, max_length=4096)
    size: int = Field(ge=0)
    track_id: int | None = None
