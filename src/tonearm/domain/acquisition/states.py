"""State changes of downloads and tracks, with their ``download.state`` events and
activity rows (one per terminal state, in the same transaction)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import ACTIVE_DOWNLOAD_STATES, Download, Track
from tonearm.domain.activity import record_activity
from tonearm.observability import get_logger

__all__ = ["set_download_state", "set_track_state"]

log = get_logger("tonearm.acquisition")
_TERMINAL = ("done", "failed", "cancelled")


async def set_download_state(
    session: AsyncSession, download: Download, to: str, *, error: str | None = None
) -> None:
    """Move a download to ``to``; releasing its track's active slot when it ends."""
    before = download.state
    if error is not None:
        download.error = error
    if before == to:
        return
    download.state = to
    if to not in ACTIVE_DOWNLOAD_STATES:
        download.active_track_id = None
    await session.flush()
    log.info(
        "download.state",
        download_id=download.id,
        track_id=download.track_id,
        **{"from": before, "to": to},
        username=download.username,
        filename=download.filename,
    )
    if to in _TERMINAL:
        summary = f"Download {to}: {download.filename.replace(chr(92), '/').rsplit('/', 1)[-1]}"
        await record_activity(
            session,
            f"download.{to}",
            summary,
            entity_type="download",
            entity_id=download.id,
            details={
                "track_id": download.track_id,
                "username": download.username,
                "filename": download.filename,
                "error": download.error,
                "library_path": download.library_path,
            },
        )


async def set_track_state(
    session: AsyncSession, track: Track, to: str, *, reason: str | None = None
) -> None:
    """Move a track to ``to`` (activity row when it is done or failed)."""
    before = track.state
    track.state = to
    track.reason = reason
    await session.flush()
    if to in ("done", "failed") and before != to:
        artist = ", ".join(track.artists)
        await record_activity(
            session,
            f"track.{to}",
            f"{artist} – {track.title}: {to}" + (f" ({reason})" if reason else ""),
            entity_type="track",
            entity_id=track.id,
            details={"reason": reason, "library_path": track.library_path},
        )
