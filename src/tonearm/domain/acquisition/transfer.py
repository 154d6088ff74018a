"""``acquire.download`` and ``acquire.monitor``: hand the chosen file to slskd (idempotently)
and follow the transfer to a terminal state, snoozing while it runs.

slskd is only called outside the job's transactions: every call goes through the provider
gateway, which records its outcome in its own short transaction.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import Download
from tonearm.domain.acquisition import repository as repo
from tonearm.domain.acquisition.jobs import enqueue_monitor, enqueue_postprocess
from tonearm.domain.acquisition.runtime import AcquisitionRuntime
from tonearm.domain.acquisition.selection import fail_download
from tonearm.domain.acquisition.states import set_download_state, set_track_state
from tonearm.integrations.slskd import (
    FileToDownload,
    SlskdBadRequest,
    SlskdClient,
    SlskdConcurrencyLimited,
    SlskdNotFound,
    SlskdRateLimited,
    Transfer,
    TransferState,
    local_path_for,
)
from tonearm.integrations.slskd.client import BATCH_VERSION
from tonearm.orchestrator.errors import Retry, Snooze

__all__ = ["BATCH_NAMESPACE", "batch_id_for", "run_download", "run_monitor"]

BATCH_NAMESPACE = uuid.UUID("6f1d8a52-3f0e-4a8e-9a59-2b8d4c0e7a11")
_RUNNING = ("requested", "downloading")


@dataclass(frozen=True)
class _Observation:
    """What slskd says about a transfer, gathered before the transaction that applies it."""

    transfer: Transfer | None
    final: bool = False  # failed for good (slskd's own retries are used up)
    path: Path | None = None  # where a succeeded transfer's file is visible to Tonearm


@dataclass(frozen=True)
class _Next:
    """What follows an applied observation."""

    snooze_s: float | None = None  # look again after this long
    cancel: str | None = None  # the transfer to stop at slskd once the failure is committed


def batch_id_for(download_id: int) -> str:
    """The slskd batch id of a download: the same on every replay, so enqueue is idempotent."""
    return str(uuid.uuid5(BATCH_NAMESPACE, f"download:{download_id}"))


async def run_download(runtime: AcquisitionRuntime, download_id: int) -> None:
    """Enqueue the download at slskd, then hand over to the monitor."""
    async with runtime.transaction() as session:
        download = await repo.get_download(session, download_id)
        if download is None or download.state != "queued":
            return
        username, filename, size = download.username, download.filename, download.size
    try:
        transfer = await _enqueue(runtime, download_id, username, filename, size)
        failure = None if transfer is not None else "peer refused the download"
    except (SlskdConcurrencyLimited, SlskdRateLimited) as exc:
        raise Retry(2.0, f"slskd busy: {exc}") from exc
    except (SlskdNotFound, SlskdBadRequest) as exc:
        transfer, failure = None, f"enqueue failed: {exc}"
    async with runtime.transaction() as session:
        cancelled = await _record_enqueue(session, runtime, download_id, transfer, failure)
    if cancelled and transfer is not None:  # cancelled while it was being enqueued
        await _cancel_at_slskd(runtime, username, transfer.id)


async def _record_enqueue(
    session: AsyncSession,
    runtime: AcquisitionRuntime,
    download_id: int,
    transfer: Transfer | None,
    failure: str | None,
) -> bool:
    """Write the enqueue's outcome; True when the download was cancelled meanwhile."""
    download = await repo.get_download(session, download_id, lock=True)
    if download is None or download.state != "queued":
        return download is not None and download.state == "cancelled"
    if transfer is None:
        await fail_download(session, runtime, download, failure or "enqueue failed")
        return False
    download.batch_id = batch_id_for(download_id)
    download.transfer_id = transfer.id
    download.transfer_state = transfer.state
    download.attempts += 1
    download.last_progress_at = runtime.clock()
    await set_download_state(session, download, "requested")
    await enqueue_monitor(session, download_id)
    return False


async def _enqueue(
    runtime: AcquisitionRuntime, download_id: int, username: str, filename: str, size: int
) -> Transfer | None:
    """Batch route (0.26+): the download's own batch id makes a replay answer 409, read back as
    the transfers already enqueued. Legacy route: no such key, so look for a live one first."""
    slskd = runtime.slskd
    batches = await slskd.get_version() >= BATCH_VERSION
    if not batches:
        existing = await _live_transfer(slskd, username, filename)
        if existing is not None:
            return existing  # replay after a crash
    result = await slskd.enqueue_download(
        username,
        [FileToDownload(filename=filename, size=size)],
        batch_id=batch_id_for(download_id),
        external_id=f"tonearm-download-{download_id}",
    )
    matches = [t for t in result.transfers if t.filename == filename]
    if matches or not batches:
        return matches[0] if matches else None
    return await _live_transfer(slskd, username, filename)  # "already queued" outside the batch


async def _live_transfer(slskd: SlskdClient, username: str, filename: str) -> Transfer | None:
    existing = await slskd.find_transfer(username, filename)
    return existing if existing is not None and not existing.parsed_state.is_completed else None


async def run_monitor(runtime: AcquisitionRuntime, download_id: int) -> None:
    """Check the transfer once: done → post-processing, failed for good → next candidate,
    still running → snooze (and abandon it when it has stalled too long)."""
    async with runtime.transaction() as session:
        download = await repo.get_download(session, download_id)
        if download is None:
            return
        username, transfer_id = download.username, download.transfer_id
        filename, state = download.filename, download.state
    if state == "cancelled":
        await _cancel_at_slskd(runtime, username, transfer_id)
        return
    if state not in _RUNNING:
        return
    transfer = await _current_transfer(runtime, username, transfer_id, filename)
    seen = await _observe(runtime, transfer)
    async with runtime.transaction() as session:
        download = await repo.get_download(session, download_id, lock=True)
        if download is None or download.state not in _RUNNING:
            return
        step = await _apply(runtime, session, download, seen)
    await _cancel_at_slskd(runtime, username, step.cancel)
    if step.snooze_s is not None:
        raise Snooze(step.snooze_s, "transfer still running")


async def _cancel_at_slskd(
    runtime: AcquisitionRuntime, username: str, transfer_id: str | None
) -> None:
    """Stop the transfer at slskd (cancelled by a person, or stalled); idempotent."""
    if transfer_id:
        with contextlib.suppress(SlskdNotFound):
            await runtime.slskd.cancel_download(username, transfer_id, remove=True)


async def _current_transfer(
    runtime: AcquisitionRuntime, username: str, transfer_id: str | None, filename: str
) -> Transfer | None:
    try:
        if transfer_id:
            return await runtime.slskd.get_download(username, transfer_id)
    except SlskdNotFound:
        pass
    return await runtime.slskd.find_transfer(username, filename)


async def _observe(runtime: AcquisitionRuntime, transfer: Transfer | None) -> _Observation:
    """Ask slskd what the job's transaction will need: is a failure final, where is the file."""
    if transfer is None:
        return _Observation(None)
    state = TransferState.parse(transfer.state)
    if state.is_succeeded:
        # The event's localFilename is exact; the folder layout is ambiguous when two peers
        # share a folder name (slskd then suffixes the second file).
        path = await _path_from_events(runtime, transfer)
        return _Observation(
            transfer, path=path or local_path_for(transfer, runtime.slskd_downloads_dir)
        )
    final = state.is_final(await runtime.slskd.get_version(), transfer.attempts)
    return _Observation(transfer, final=final)


async def _apply(
    runtime: AcquisitionRuntime,
    session: AsyncSession,
    download: Download,
    seen: _Observation,
) -> _Next:
    """Apply one observation: snooze while the transfer is not over."""
    poll = runtime.settings.download_poll_interval_s
    transfer = seen.transfer
    if transfer is None:
        await fail_download(session, runtime, download, "the transfer disappeared from slskd")
        return _Next()
    state = TransferState.parse(transfer.state)
    download.transfer_state = transfer.state
    if state.is_succeeded:
        return await _succeeded(runtime, session, download, seen.path, poll)
    if seen.final:
        limit = state.is_limit_rejection(transfer.exception)
        reason = f"{transfer.state}: {transfer.exception or 'no reason given'}"
        await fail_download(session, runtime, download, reason, block_peer=limit)
        return _Next()
    return await _still_running(runtime, session, download, transfer, poll)


async def _succeeded(
    runtime: AcquisitionRuntime,
    session: AsyncSession,
    download: Download,
    path: Path | None,
    poll: float,
) -> _Next:
    if path is None:
        waited = runtime.clock() - (download.last_progress_at or runtime.clock())
        if waited > timedelta(seconds=runtime.settings.download_stall_timeout_s):
            await fail_download(session, runtime, download, "downloaded file not found")
            return _Next()
        return _Next(poll)
    download.local_path = str(path)
    download.progress = 1.0
    await set_download_state(session, download, "downloaded")
    if download.track_id is not None:
        track = await repo.get_track(session, download.track_id)
        if track is not None and track.state != "done":
            await set_track_state(session, track, "processing")
    await enqueue_postprocess(session, download.id)
    return _Next()


async def _path_from_events(runtime: AcquisitionRuntime, transfer: Transfer) -> Path | None:
    events = await runtime.slskd.get_events(0, 500)
    for event in reversed(events):
        complete = event.download_complete
        if complete is None:
            continue
        if complete.transfer is not None and complete.transfer.id == transfer.id:
            return local_path_for(event, runtime.slskd_downloads_dir)
    return None


async def _still_running(
    runtime: AcquisitionRuntime,
    session: AsyncSession,
    download: Download,
    transfer: Transfer,
    poll: float,
) -> _Next:
    """Record progress; abandon a transfer that has not moved for the stall timeout."""
    now = runtime.clock()
    progress = transfer.bytes_transferred / download.size if download.size else 0.0
    if progress > download.progress or download.last_progress_at is None:
        download.progress = min(1.0, progress)
        download.last_progress_at = now
    state = TransferState.parse(transfer.state)
    if state.is_running and download.state == "requested":
        await set_download_state(session, download, "downloading")
    stalled_for = (now - download.last_progress_at).total_seconds()
    if stalled_for <= runtime.settings.download_stall_timeout_s:
        await session.flush()
        return _Next(poll)
    reason = f"stalled: no progress for {stalled_for:.0f}s"
    await fail_download(session, runtime, download, reason)
    return _Next(cancel=transfer.id)
