"""``postprocess``: verify → tag (+cover) → file into the library → lyrics → index → done.

Crash-safe and idempotent: the work happens on a private copy in the staging folder, the
library file appears in one atomic step, and a re-run after a crash produces the same bytes,
which :func:`place_file` recognises as already in place.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from pathlib import Path

from sqlalchemy import select

from tonearm.config import Settings
from tonearm.db.models import Download, LibraryFile, Track
from tonearm.domain.acquisition import repository as repo
from tonearm.domain.acquisition.runtime import AcquisitionRuntime
from tonearm.domain.acquisition.selection import fail_download
from tonearm.domain.acquisition.states import set_download_state, set_track_state
from tonearm.domain.library.service import index_file
from tonearm.domain.postprocess.artwork import ArtworkPolicy, fetch_cover, pick_largest_image
from tonearm.domain.postprocess.errors import ArtworkRejected, VerificationFailed
from tonearm.domain.postprocess.hooks import trigger_rescan
from tonearm.domain.postprocess.lyrics import LyricsQuery, fetch_lyrics, lrc_text
from tonearm.domain.postprocess.organize import alternative_name, place_file, write_text_file
from tonearm.domain.postprocess.replace import retire_previous_file
from tonearm.domain.postprocess.tags import CoverImage, TrackTags, write_tags
from tonearm.domain.postprocess.verify import AudioInfo, verify_audio
from tonearm.kit.pathsafe import render_library_path
from tonearm.matching import parse_remote_path
from tonearm.observability import get_logger

__all__ = ["run_postprocess", "tags_for"]

log = get_logger("tonearm.postprocess")


def tags_for(track: Track) -> TrackTags:
    """The tags a wanted track's file receives."""
    return TrackTags(
        title=track.title,
        artists=list(track.artists),
        album=track.album,
        album_artist=track.album_artist or (track.artists[0] if track.artists else None),
        track_number=track.track_number,
        disc_number=track.disc_number,
        year=track.release_year,
        isrc=track.isrc,
        genre=track.genre,
        spotify_track_id=track.spotify_id,
        spotify_album_id=track.spotify_album_id,
        spotify_artist_id=track.spotify_artist_ids[0] if track.spotify_artist_ids else None,
    )


def _tags_from_remote(filename: str) -> TrackTags:
    parsed = parse_remote_path(filename)
    return TrackTags(
        title=parsed.title or None,
        artists=[parsed.artist] if parsed.artist else [],
        album=parsed.album,
        album_artist=parsed.artist,
        track_number=parsed.track,
        disc_number=parsed.disc,
        year=parsed.year,
    )


def _path_fields(tags: TrackTags, ext: str) -> dict[str, object]:
    return {
        "album_artist": tags.album_artist or (tags.artists[0] if tags.artists else None),
        "artist": ", ".join(tags.artists) or None,
        "album": tags.album,
        "title": tags.title,
        "year": tags.year,
        "track": tags.track_number,
        "disc": tags.disc_number,
        "ext": ext,
        "genre": tags.genre,
        "isrc": tags.isrc,
    }


async def run_postprocess(runtime: AcquisitionRuntime, download_id: int) -> None:
    """Process a downloaded file into the library (a no-op once the download is done)."""
    async with runtime.transaction() as session:
        download = await repo.get_download(session, download_id, lock=True)
        if download is None or download.state not in ("downloaded", "processing"):
            return
        await set_download_state(session, download, "processing")
        track = await repo.get_track(session, download.track_id) if download.track_id else None
        tags = tags_for(track) if track else _tags_from_remote(download.filename)
        expected_s = track.duration_ms / 1000 if track and track.duration_ms else None
        cover_url = _cover_url(track)
        snapshot = _Snapshot.of(download)
    try:
        final, lyrics_written = await _produce(runtime, snapshot, tags, expected_s, cover_url)
    except VerificationFailed as exc:
        if snapshot.local:
            await asyncio.to_thread(_discard, Path(snapshot.local))
        async with runtime.transaction() as session:
            download = await repo.get_download(session, download_id, lock=True)
            if download is not None and download.state == "processing":
                await fail_download(session, runtime, download, f"verification: {exc.message}")
        return
    await _finish(runtime, download_id, final)
    log.info("postprocess.filed", download_id=download_id, lyrics=lyrics_written)
    await _rescan(runtime)


class _Snapshot:
    """The download fields the file work needs (read in a transaction, used outside it)."""

    def __init__(self, download_id: int, local: str, ext: str, size: int, track_id: int | None):
        self.download_id, self.local, self.ext = download_id, local, ext
        self.size, self.track_id = size, track_id

    @classmethod
    def of(cls, download: Download) -> _Snapshot:
        ext = (download.format or Path(download.local_path or "").suffix.lstrip(".")).lower()
        return cls(download.id, download.local_path or "", ext, download.size, download.track_id)


def _cover_url(track: Track | None) -> str | None:
    if track is None:
        return None
    images = track.details.get("album_images") if isinstance(track.details, dict) else None
    if isinstance(images, list):
        largest = pick_largest_image(i for i in images if isinstance(i, dict))
        if largest:
            return largest
    return track.cover_url


async def _produce(
    runtime: AcquisitionRuntime,
    snap: _Snapshot,
    tags: TrackTags,
    expected_s: float | None,
    cover_url: str | None,
) -> tuple[Path, bool]:
    settings = runtime.settings
    work = runtime.work_dir / f"{snap.download_id}.{snap.ext}"
    try:
        info = await asyncio.to_thread(
            _stage_and_verify, Path(snap.local), work, snap, expected_s, settings
        )
        cover = await _cover(runtime, cover_url)
        final_tags = TrackTags(**{**tags.__dict__, "has_cover": cover is not None})
        await asyncio.to_thread(write_tags, work, final_tags, cover)
        final = await _place(runtime, work, tags, info.kind, snap.track_id)
    finally:
        await asyncio.to_thread(_discard, work)
    lyrics = await _lyrics(runtime, tags, expected_s, final)
    return final, lyrics


def _stage_and_verify(
    source: Path, work: Path, snap: _Snapshot, expected_s: float | None, settings: Settings
) -> AudioInfo:
    """Copy the download to a private work file and verify it (blocking: run in a thread)."""
    if not source.is_file():
        raise VerificationFailed("the downloaded file is missing")
    work.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, work)
    return verify_audio(
        work,
        expected_ext=snap.ext,
        expected_size=snap.size,
        expected_duration_s=expected_s,
        tolerance_s=settings.verify_duration_tolerance_s,
    )


def _discard(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


async def _cover(runtime: AcquisitionRuntime, url: str | None) -> CoverImage | None:
    settings = runtime.settings
    if not settings.artwork_enabled or not url:
        return None
    policy = ArtworkPolicy.build(
        settings.artwork_allowed_hosts, settings.spotify_api_url, settings.artwork_max_bytes
    )
    try:
        return await fetch_cover(runtime.http, url, policy)
    except (ArtworkRejected, OSError) as exc:
        log.warning("postprocess.cover_skipped", reason=str(exc))
        return None
    except Exception as exc:
        log.warning("postprocess.cover_skipped", reason=type(exc).__name__)
        return None


async def _place(
    runtime: AcquisitionRuntime, work: Path, tags: TrackTags, kind: str, track_id: int | None
) -> Path:
    settings = runtime.settings
    root = settings.resolved_library_dir
    await asyncio.to_thread(root.mkdir, parents=True, exist_ok=True)
    target = render_library_path(settings.path_template, _path_fields(tags, kind), root)
    for number in range(1, 100):
        candidate = target if number == 1 else alternative_name(target, number)
        owner = await _owner_of(runtime, root, candidate)
        replace = owner is not None and owner == track_id
        try:
            placement = await asyncio.to_thread(place_file, work, candidate, replace=replace)
            return placement.path
        except FileExistsError:
            continue
    raise VerificationFailed("no free library name for this file")


async def _owner_of(runtime: AcquisitionRuntime, root: Path, path: Path) -> int | None:
    relative = path.relative_to(root).as_posix()
    async with runtime.transaction() as session:
        query = select(LibraryFile.track_id).where(LibraryFile.path == relative)
        return (await session.execute(query)).scalars().first()


async def _lyrics(
    runtime: AcquisitionRuntime, tags: TrackTags, expected_s: float | None, final: Path
) -> bool:
    settings = runtime.settings
    if not settings.lyrics_enabled or not tags.title or not tags.artists:
        return False
    query = LyricsQuery(
        artist=tags.artists[0],
        title=tags.title,
        album=tags.album,
        duration_s=round(expected_s) if expected_s else None,
    )
    try:
        record = await fetch_lyrics(runtime.http, settings.lyrics_url, query)
    except Exception as exc:
        log.warning("postprocess.lyrics_skipped", reason=type(exc).__name__)
        return False
    text = lrc_text(record) if record else None
    if text is None:
        return False
    await asyncio.to_thread(write_text_file, final.with_suffix(".lrc"), text)
    return True


async def _finish(runtime: AcquisitionRuntime, download_id: int, final: Path) -> None:
    root = runtime.settings.resolved_library_dir
    async with runtime.transaction() as session:
        download = await repo.get_download(session, download_id, lock=True)
        if download is None or download.state != "processing":
            return
        relative = final.relative_to(root).as_posix()
        await index_file(session, root, final, track_id=download.track_id)
        download.library_path = relative
        await set_download_state(session, download, "done")
        if download.track_id is None:
            return
        track = await repo.get_track(session, download.track_id, lock=True)
        if track is not None:
            previous = track.library_path if track.state == "done" else None
            track.library_path = relative
            await set_track_state(session, track, "done")
            if previous:
                await retire_previous_file(session, root, track, download, previous)


async def _rescan(runtime: AcquisitionRuntime) -> None:
    try:
        await trigger_rescan(runtime.http, runtime.settings)
    except Exception as exc:
        log.warning("postprocess.rescan_failed", reason=type(exc).__name__)
