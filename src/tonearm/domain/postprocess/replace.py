"""A track filed again (a better file, or a person's own pick): the library keeps exactly
one file per track. The older file and its index row go in the transaction that records the
new one, so a failed commit re-runs post-processing, which finds the same state again."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import Download, LibraryFile, Track
from tonearm.domain.activity import record_activity

__all__ = ["retire_previous_file"]


async def retire_previous_file(
    session: AsyncSession, root: Path, track: Track, download: Download, previous: str
) -> None:
    """Remove the track's former file (unless the new one took its name) and say so."""
    current = track.library_path or ""
    if previous != current:
        await session.execute(
            delete(LibraryFile).where(
                LibraryFile.track_id == track.id, LibraryFile.path == previous
            )
        )
        await asyncio.to_thread(_remove, root, previous, current)
    upgrade = download.breakdown.get("upgrade") if isinstance(download.breakdown, dict) else None
    kind = "download.upgraded" if upgrade else "library.replaced"
    await record_activity(
        session,
        kind,
        f"{', '.join(track.artists)} – {track.title}: {Path(previous).name} → {Path(current).name}",
        entity_type="track",
        entity_id=track.id,
        details={
            "download_id": download.id,
            "from_path": previous,
            "to_path": current,
            "from_tier": upgrade.get("from_tier") if isinstance(upgrade, dict) else None,
            "format": download.format,
        },
    )


def _remove(root: Path, previous: str, current: str) -> None:
    """Delete the old audio file and its lyrics (when the new file does not share them)."""
    base = root.resolve()
    old = (root / previous).resolve()
    if not old.is_relative_to(base):
        return
    paths = [old]
    if old.with_suffix(".lrc") != (root / current).resolve().with_suffix(".lrc"):
        paths.append(old.with_suffix(".lrc"))
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
