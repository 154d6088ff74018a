"""One-step use cases of the downloads API: list, detail, candidates, retry, cancel, delete,
manual download."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import (
    ACTIVE_DOWNLOAD_STATES,
    BlocklistEntry,
    Download,
    DownloadCandidate,
)
from tonearm.domain.acquisition import repository as repo
from tonearm.domain.acquisition.errors import (
    DownloadNotFound,
    DownloadStateConflict,
    TrackNotFound,
)
from tonearm.domain.acquisition.jobs import enqueue_download, enqueue_monitor, enqueue_search
from tonearm.domain.acquisition.schemas import (
    CandidateOut,
    DownloadCreate,
    DownloadDetail,
    DownloadOut,
    DownloadPage,
)
from tonearm.domain.acquisition.states import set_download_state, set_track_state

__all__ = [
    "cancel_download",
    "create_manual_download",
    "delete_download",
    "download_candidates",
    "download_detail",
    "list_downloads",
    "retry_download",
    "search_again",
]


async def list_downloads(
    session: AsyncSession, *, state: str | None, track_id: int | None, limit: int, offset: int
) -> DownloadPage:
    """A page of downloads, newest first."""
    rows = await repo.list_downloads(
        session, state=state, track_id=track_id, limit=limit, offset=offset
    )
    total = await repo.count_downloads(session, state=state, track_id=track_id)
    items = [DownloadOut.model_validate(row) for row in rows]
    return DownloadPage(items=items, total=total, limit=limit, offset=offset)


async def _get(session: AsyncSession, download_id: int, *, lock: bool = False) -> Download:
    download = await repo.get_download(session, download_id, lock=lock)
    if download is None:
        raise DownloadNotFound(f"download {download_id} does not exist")
    return download


async def download_detail(session: AsyncSession, download_id: int) -> DownloadDetail:
    """One download with its chosen candidate and score breakdown."""
    download = await _get(session, download_id)
    candidate = (
        await session.get(DownloadCandidate, download.candidate_id)
        if download.candidate_id
        else None
    )
    detail = DownloadDetail.model_validate(download)
    if candidate is not None:
        detail.candidate = CandidateOut.model_validate(candidate)
    return detail


async def download_candidates(session: AsyncSession, download_id: int) -> list[CandidateOut]:
    """The ranked candidates of the search round the download came from."""
    download = await _get(session, download_id)
    if download.track_id is None:
        return []
    search_round = None
    if download.candidate_id is not None:
        chosen = await session.get(DownloadCandidate, download.candidate_id)
        search_round = chosen.search_round if chosen else None
    rows = await repo.candidates_for_round(session, download.track_id, search_round)
    return [CandidateOut.model_validate(row) for row in rows]


async def retry_download(session: AsyncSession, download_id: int) -> DownloadOut:
    """Try a failed or cancelled download's file again (same peer, same file)."""
    download = await _get(session, download_id, lock=True)
    if download.state not in ("failed", "cancelled"):
        raise DownloadStateConflict(f"download {download_id} is {download.state}")
    if download.track_id is not None and await repo.active_download(session, download.track_id):
        raise DownloadStateConflict("the track already has an active download")
    retry = Download(
        track_id=download.track_id,
        active_track_id=download.track_id,
        candidate_id=download.candidate_id,
        state="queued",
        username=download.username,
        filename=download.filename,
        size=download.size,
        format=download.format,
        bitrate=download.bitrate,
        score=download.score,
        breakdown=download.breakdown,
        progress=0.0,
        attempts=0,
    )
    session.add(retry)
    await _flush_unique(session)
    await _forget_block(session, download)
    await enqueue_download(session, retry.id)
    await _revive_track(session, download.track_id, "downloading")
    return DownloadOut.model_validate(retry)


async def _forget_block(session: AsyncSession, download: Download) -> None:
    await session.execute(
        delete(BlocklistEntry).where(
            BlocklistEntry.username == download.username,
            BlocklistEntry.filename_hash == repo.text_hash(download.filename),
        )
    )


async def _revive_track(session: AsyncSession, track_id: int | None, state: str) -> None:
    if track_id is None:
        return
    track = await repo.get_track(session, track_id, lock=True)
    if track is not None and track.state != "done":
        await set_track_state(session, track, state)


async def _flush_unique(session: AsyncSession) -> None:
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise DownloadStateConflict("the track already has an active download") from exc


async def cancel_download(session: AsyncSession, download_id: int) -> DownloadOut:
    """Cancel an active download; the monitor job then cancels the transfer at slskd."""
    download = await _get(session, download_id, lock=True)
    if download.state not in ACTIVE_DOWNLOAD_STATES:
        raise DownloadStateConflict(f"download {download_id} is {download.state}")
    await set_download_state(session, download, "cancelled", error="cancelled by a person")
    if download.transfer_id:
        await enqueue_monitor(session, download.id)
    if download.track_id is not None:
        track = await repo.get_track(session, download.track_id, lock=True)
        if track is not None and track.state != "done":
            await set_track_state(session, track, "failed", reason="download cancelled")
    return DownloadOut.model_validate(download)


async def delete_download(session: AsyncSession, download_id: int) -> None:
    """Forget a finished download (active ones must be cancelled first)."""
    download = await _get(session, download_id, lock=True)
    if download.state in ACTIVE_DOWNLOAD_STATES:
        raise DownloadStateConflict("cancel the download before deleting it")
    await session.delete(download)
    await session.flush()


async def create_manual_download(session: AsyncSession, body: DownloadCreate) -> DownloadOut:
    """Download one remote file a person chose (for a track, or into the library as is)."""
    if body.track_id is not None:
        track = await repo.get_track(session, body.track_id, lock=True)
        if track is None:
            raise TrackNotFound(f"track {body.track_id} does not exist")
    ext = body.filename.replace("\\", "/").rsplit("/", 1)[-1].rpartition(".")[2].lower()
    download = Download(
        track_id=body.track_id,
        active_track_id=body.track_id,
        state="queued",
        username=body.username,
        filename=body.filename,
        size=body.size,
        format=ext or None,
        breakdown={"manual": True},
        progress=0.0,
        attempts=0,
    )
    session.add(download)
    await _flush_unique(session)
    await enqueue_download(session, download.id)
    await _revive_track(session, body.track_id, "downloading")
    return DownloadOut.model_validate(download)


async def search_again(session: AsyncSession, track_id: int) -> int:
    """Queue a new search for a track (used after a manual retry of a failed track)."""
    return await enqueue_search(session, track_id)
