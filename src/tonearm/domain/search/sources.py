"""The three search sources, each mapping its results to :class:`SearchItem`."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.db.models import LibraryFile
from tonearm.domain.acquisition.etiquette import (
    SearchLimits,
    release_search_slot,
    take_search_slot,
)
from tonearm.domain.artists.provider import ArtistCatalog
from tonearm.domain.search.errors import SourceUnavailable
from tonearm.domain.search.schemas import ResultType, SearchItem
from tonearm.integrations.slskd import SearchFile, SlskdClient, SlskdSearchTimeout
from tonearm.integrations.spotify import MAX_SEARCH_LIMIT, AlbumRef, SearchType
from tonearm.matching import normalize, parse_remote_path

__all__ = ["SourceUnavailable", "search_library", "search_soulseek", "search_spotify"]

TransactionFactory = Callable[..., AbstractAsyncContextManager[AsyncSession]]
LOSSLESS = {"flac", "wav", "alac", "aiff", "ape"}
LIBRARY_SCAN_LIMIT = 500


def _year(value: str | None) -> int | None:
    try:
        return int(value[:4]) if value else None
    except ValueError:
        return None


def _album_item(album: AlbumRef) -> SearchItem:
    return SearchItem(
        id=f"spotify:album:{album.id}",
        source="spotify",
        type="album",
        title=album.name,
        artists=[a.name for a in album.artists],
        album=album.name,
        year=_year(album.release_date),
        spotify_id=album.id,
    )


async def search_spotify(
    catalog: ArtistCatalog, query: str, types: list[ResultType], max_results: int
) -> list[SearchItem]:
    """Tracks, albums and artists from Spotify (pages of 10, up to ``max_results`` per type).
    Artist results have the artist key as ``id`` (ready for the watchlist)."""
    items: list[SearchItem] = []
    wanted: list[SearchType] = list(dict.fromkeys(types))
    for offset in range(0, max_results, MAX_SEARCH_LIMIT):
        page = await catalog.search(query, wanted, limit=MAX_SEARCH_LIMIT, offset=offset)
        more = False
        for track in page.tracks.items if page.tracks else []:
            items.append(
                SearchItem(
                    id=f"spotify:track:{track.id}",
                    source="spotify",
                    type="track",
                    title=track.name,
                    artists=[a.name for a in track.artists],
                    album=track.album.name,
                    year=_year(track.album.release_date),
                    duration_ms=track.duration_ms,
                    explicit=track.explicit,
                    spotify_id=track.id,
                )
            )
        items.extend(_album_item(album) for album in (page.albums.items if page.albums else []))
        for artist in page.artists.items if page.artists else []:
            items.append(
                SearchItem(
                    id=f"spotify:{artist.id}",
                    source="spotify",
                    type="artist",
                    title=artist.name,
                    artists=[artist.name],
                    spotify_id=artist.id,
                )
            )
        for result in (page.tracks, page.albums, page.artists):
            more = more or bool(result and result.next)
        if not more:
            break
    return items


def _bitrate(file: SearchFile, extension: str) -> int | None:
    if file.bit_rate:
        return file.bit_rate
    if extension in LOSSLESS and file.length and file.size:
        return round(file.size * 8 / file.length / 1000)  # estimated from size and length
    return None


def _file_item(username: str, file: SearchFile) -> SearchItem:
    parsed = parse_remote_path(file.filename)
    extension = (file.extension or parsed.extension).lower().lstrip(".")
    digest = hashlib.sha256(f"{username}\0{file.filename}".encode()).hexdigest()[:16]
    artist = parsed.artist or parsed.folder_artist
    return SearchItem(
        id=f"soulseek:{digest}",
        source="soulseek",
        type="track",
        title=parsed.title or parsed.stem,
        artists=[artist] if artist else [],
        album=parsed.album,
        year=parsed.year,
        duration_ms=file.length * 1000 if file.length else None,
        bitrate=_bitrate(file, extension),
        format=extension or None,
        username=username,
        filename=file.filename,
        size=file.size,
    )


async def search_soulseek(
    slskd: SlskdClient,
    transaction: TransactionFactory,
    settings: Settings,
    query: str,
    wait_s: float,
) -> list[SearchItem]:
    """Soulseek files through slskd, within the shared search etiquette; after ``wait_s`` the
    search is stopped and whatever arrived is returned (partial results)."""
    limits = SearchLimits(
        per_window=settings.slskd_searches_per_window,
        window_s=settings.slskd_search_window_s,
        min_gap_s=settings.slskd_search_min_gap_s,
        max_running=settings.slskd_max_running_searches,
        lease_s=wait_s + 30,
    )
    async with transaction() as session:
        slot = await take_search_slot(session, limits)
    if not slot.granted or slot.token is None:
        raise SourceUnavailable(
            f"search rate limit: try again in {slot.wait_s:.0f} s", code="RATE_LIMITED"
        )
    try:
        search = await slskd.create_search(
            query, search_timeout_ms=min(settings.slskd_search_timeout_ms, int(wait_s * 1000))
        )
        with contextlib.suppress(SlskdSearchTimeout):
            await slskd.wait_for_search(search.id, wait_s, poll_interval=0.2)
        responses = await slskd.get_responses(search.id)
    finally:
        async with transaction() as session:
            await release_search_slot(session, slot.token)
    items: list[SearchItem] = []
    for response in responses:
        items.extend(_file_item(response.username, f) for f in response.files if not f.is_locked)
    return items


async def search_library(session: AsyncSession, query: str) -> list[SearchItem]:
    """Files in the library whose title, album or path contains a word of the query."""
    words = [w for w in normalize(query).split() if len(w) > 1][:8] or [query.strip()]
    clauses = [
        column.icontains(word, autoescape=True)
        for word in words
        for column in (LibraryFile.title, LibraryFile.album, LibraryFile.path)
    ]
    rows = await session.execute(
        select(LibraryFile).where(or_(*clauses)).order_by(LibraryFile.id).limit(LIBRARY_SCAN_LIMIT)
    )
    return [
        SearchItem(
            id=f"library:{row.id}",
            source="library",
            type="track",
            title=row.title or row.path.rsplit("/", 1)[-1],
            artists=list(row.artists),
            album=row.album,
            year=row.year,
            duration_ms=row.duration_ms,
            bitrate=row.bitrate,
            format=row.format.lower() if row.format else None,
            spotify_id=row.spotify_id,
            size=row.size,
            library_path=row.path,
        )
        for row in rows.scalars()
    ]
