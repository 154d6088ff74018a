"""Index library files (after filing a track, or by scanning existing files)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import LibraryFile, Track
from tonearm.domain.postprocess.tags import TrackTags, read_tags
from tonearm.domain.postprocess.verify import audio_kind

__all__ = ["enqueue_scan", "index_file", "list_library", "scan_library"]

AUDIO_SUFFIXES = frozenset({".flac", ".mp3", ".m4a", ".mp4"})


def _key(relative: str) -> str:
    return hashlib.sha256(relative.encode("utf-8", "surrogatepass")).hexdigest()


async def index_file(
    session: AsyncSession, root: Path, path: Path, *, track_id: int | None = None
) -> LibraryFile | None:
    """Create or refresh the index row of one file (None when it is not audio we know)."""
    facts = await asyncio.to_thread(_file_facts, path)
    if facts is None:
        return None
    kind, tags, size, has_lyrics = facts
    relative = path.relative_to(root).as_posix()
    row = (
        await session.execute(select(LibraryFile).where(LibraryFile.path_hash == _key(relative)))
    ).scalar_one_or_none()
    if row is None:
        row = LibraryFile(path=relative, path_hash=_key(relative), format=kind, artists=[])
        session.add(row)
    row.title, row.artists, row.album = tags.title, list(tags.artists), tags.album
    row.album_artist, row.track_number = tags.album_artist, tags.track_number
    row.disc_number, row.year, row.isrc = tags.disc_number, tags.year, tags.isrc
    row.genre, row.spotify_id, row.has_cover = tags.genre, tags.spotify_track_id, tags.has_cover
    row.format, row.size, row.has_lyrics = kind, size, has_lyrics
    if track_id is not None:
        row.track_id = track_id
    elif row.track_id is None:
        row.track_id = await _owning_track(session, tags.spotify_track_id, tags.isrc)
    await session.flush()
    return row


def _file_facts(path: Path) -> tuple[str, TrackTags, int, bool] | None:
    kind = audio_kind(path)
    if kind is None:
        return None
    return kind, read_tags(path), path.stat().st_size, path.with_suffix(".lrc").exists()


def _audio_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return [
        path
        for path in sorted(root.rglob("*"))
        if path.suffix.lower() in AUDIO_SUFFIXES
        and not path.name.startswith(".")
        and not path.is_symlink()
        and path.is_file()
    ]


async def _owning_track(
    session: AsyncSession, spotify_id: str | None, isrc: str | None
) -> int | None:
    if spotify_id:
        found = (
            await session.execute(select(Track.id).where(Track.spotify_id == spotify_id))
        ).scalar_one_or_none()
        if found is not None:
            return int(found)
    if isrc:
        found = (
            await session.execute(select(Track.id).where(Track.isrc == isrc).limit(1))
        ).scalar_one_or_none()
        if found is not None:
            return int(found)
    return None


async def scan_library(session: AsyncSession, root: Path) -> int:
    """Index every audio file under ``root`` (existing files count as owned); returns how many.

    A wanted track that a scanned file belongs to (same Spotify id or ISRC) becomes ``done``.
    """
    count = 0
    for path in await asyncio.to_thread(_audio_files, root):
        row = await index_file(session, root, path)
        if row is None:
            continue
        count += 1
        if row.track_id is not None:
            track = await session.get(Track, row.track_id)
            if track is not None and track.state != "done":
                track.state, track.library_path, track.reason = "done", row.path, None
    await session.flush()
    return count


async def list_library(
    session: AsyncSession, *, q: str | None, limit: int, offset: int
) -> tuple[Sequence[LibraryFile], int]:
    """A page of indexed files matching ``q`` (title, album, artist or path), and the total."""
    query = select(LibraryFile)
    counter = select(func.count()).select_from(LibraryFile)
    if q:
        like = f"%{q.lower()}%"
        condition = or_(
            func.lower(LibraryFile.title).like(like),
            func.lower(LibraryFile.album).like(like),
            func.lower(LibraryFile.album_artist).like(like),
            func.lower(LibraryFile.path).like(like),
        )
        query, counter = query.where(condition), counter.where(condition)
    rows = (
        await session.execute(query.order_by(LibraryFile.path).limit(limit).offset(offset))
    ).scalars()
    return rows.all(), int((await session.execute(counter)).scalar_one())


async def enqueue_scan(session: AsyncSession) -> tuple[int, bool]:
    """Queue a library scan (deduplicated); the job id and whether it was already queued."""
    from tonearm.orchestrator import enqueue

    result = await enqueue(session, "library.scan", {}, dedupe_key="library.scan")
    return result.job.id, not result.created
