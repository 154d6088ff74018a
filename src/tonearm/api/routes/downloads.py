"""Downloads: list, detail with the score breakdown, ranked candidates, retry, cancel,
delete, and manual downloads."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from tonearm.api.deps import MAX_DB_INT, DbId, DbSession, Offset
from tonearm.domain.acquisition import service
from tonearm.domain.acquisition.schemas import (
    CandidateOut,
    DownloadCreate,
    DownloadDetail,
    DownloadOut,
    DownloadPage,
)

router = APIRouter(prefix="/api/v1/downloads", tags=["downloads"])

DownloadState = Literal[
    "queued",
    "requested",
    "downloading",
    "downloaded",
    "processing",
    "done",
    "failed",
    "cancelled",
]
DownloadId = DbId


@router.get("", response_model=DownloadPage)
async def list_downloads(
    session: DbSession,
    state: DownloadState | None = None,
    track_id: Annotated[int | None, Query(ge=1, le=MAX_DB_INT)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
) -> DownloadPage:
    """Downloads, newest first."""
    return await service.list_downloads(
        session, state=state, track_id=track_id, limit=limit, offset=offset
    )


@router.post("", response_model=DownloadOut, status_code=201)
async def create_download(session: DbSession, body: DownloadCreate) -> DownloadOut:
    """Download one remote file chosen by a person (409 if the track has an active one)."""
    return await service.create_manual_download(session, body)


@router.get("/{download_id}", response_model=DownloadDetail)
async def get_download(session: DbSession, download_id: DownloadId) -> DownloadDetail:
    """One download with its chosen candidate, score breakdown, attempts and file paths."""
    return await service.download_detail(session, download_id)


@router.get("/{download_id}/candidates", response_model=list[CandidateOut])
async def list_candidates(session: DbSession, download_id: DownloadId) -> list[CandidateOut]:
    """The ranked candidates of the download's search, each with its score breakdown."""
    return await service.download_candidates(session, download_id)


@router.post("/{download_id}/retry", response_model=DownloadOut, status_code=201)
async def retry_download(session: DbSession, download_id: DownloadId) -> DownloadOut:
    """Try a failed or cancelled download's file again (409 otherwise)."""
    return await service.retry_download(session, download_id)


@router.post("/{download_id}/cancel", response_model=DownloadOut)
async def cancel_download(session: DbSession, download_id: DownloadId) -> DownloadOut:
    """Cancel an active download, also at slskd (409 when it has ended)."""
    return await service.cancel_download(session, download_id)


@router.delete("/{download_id}", status_code=204)
async def delete_download(session: DbSession, download_id: DownloadId) -> Response:
    """Forget an ended download (409 while active)."""
    await service.delete_download(session, download_id)
    return Response(status_code=204)
