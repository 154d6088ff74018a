"""Playlist sync against the Spotify emulator on real databases, and the playlist API."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from tests.conftest import api_client, create_settings
from tests.integration.integrations.spotify.factories import BIG_PLAYLIST_ID, write_data
from tests.integration.playlists.support import PRO_SETTINGS, grant_pro, spotify_emulator
from tonearm.app import create_app
from tonearm.db import Database
from tonearm.db.models import Job, PlaylistEntry, Track
from tonearm.domain.playlists import sync_playlist


class RecordingInvalidator:
    def __init__(self) -> None:
        self.calls: list[tuple[list[str], str]] = []

    async def invalidate(self, tags: object, *, reason: str) -> int:
        self.calls.append((sorted(tags), reason))  # type: ignore[call-overload]
        return 0


def _count_writes(db: Database) -> list[str]:
    statements: list[str] = []

    def before(conn, cursor, statement, params, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            statements.append(statement)

    for engine in {db.engine, db.read_engine}:
        event.listen(engine.sync_engine, "before_cursor_execute", before)
    return statements


async def test_sync_creates_tracks_then_unchanged_resync_writes_nothing(
    db_url: str, tmp_path: Path
) -> None:
    db = Database(db_url)
    invalidator = RecordingInvalidator()
    progress: list[tuple[int, int]] = []

    async def hear(done: int, total: int) -> None:
        progress.append((done, total))

    try:
        async with (
            spotify_emulator(tmp_path) as (access, _, _),
            access.user_client() as reader,
        ):
            first = await sync_playlist(db, reader, BIG_PLAYLIST_ID, invalidator, progress=hear)
            assert progress[0] == (1, 260)
            assert [done for done, _ in progress] == [*range(1, 261), 260]
            assert {total for _, total in progress} == {260}
            assert first.changed
            assert first.track_count == 260
            assert first.new_tracks == 260
            writes = _count_writes(db)
            again = await sync_playlist(db, reader, BIG_PLAYLIST_ID, invalidator)
        assert not again.changed
        assert writes == []
        assert invalidator.calls == [
            ([f"playlist:{BIG_PLAYLIST_ID}", "playlists"], "playlist.sync")
        ]
        async with db.transaction(readonly=True) as session:
            tracks = (await session.execute(select(func.count(Track.id)))).scalar_one()
            entries = (await session.execute(select(func.count(PlaylistEntry.id)))).scalar_one()
            jobs = (
                await session.execute(
                    select(func.count(Job.id)).where(Job.type == "acquire.search")
                )
            ).scalar_one()
        assert (tracks, entries, jobs) == (260, 260, 260)
    finally:
        await db.dispose()


async def test_changed_playlist_updates_rows_without_duplicating_tracks(
    db_url: str, tmp_path: Path
) -> None:
    db = Database(db_url)
    try:
        async with (
            spotify_emulator(tmp_path) as (access, path, data),
            access.user_client() as reader,
        ):
            await sync_playlist(db, reader, BIG_PLAYLIST_ID, RecordingInvalidator())
            big = next(p for p in data["playlists"] if p["id"] == BIG_PLAYLIST_ID)
            big["track_ids"] = big["track_ids"][:100] + big["track_ids"][:5]
            write_data(path, data)
            result = await sync_playlist(db, reader, BIG_PLAYLIST_ID, RecordingInvalidator())
        assert result.changed
        assert result.new_tracks == 0
        async with db.transaction(readonly=True) as session:
            tracks = (await session.execute(select(func.count(Track.id)))).scalar_one()
            entries = (await session.execute(select(func.count(PlaylistEntry.id)))).scalar_one()
        assert (tracks, entries) == (260, 105)
    finally:
        await db.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_etag_changes_after_two_syncs_within_one_second(db_url: str, tmp_path: Path) -> None:
    settings = create_settings(tmp_path, db_url, **PRO_SETTINGS)
    app = create_app(settings)
    cache = app.state.services.extras["cache"]
    async with (
        app.router.lifespan_context(app),
        api_client(app) as http,
        spotify_emulator(tmp_path) as (access, path, data),
        access.user_client() as reader,
    ):
        await grant_pro(app.state.services, access.tokens)
        await sync_playlist(app.state.services.db, reader, BIG_PLAYLIST_ID, cache)
        url = f"/api/v1/spotify/playlists/{BIG_PLAYLIST_ID}"
        first = await http.get(url)
        listing = await http.get("/api/v1/spotify/playlists")
        assert first.status_code == 200
        etag, list_etag = first.headers["etag"], listing.headers["etag"]
        assert (await http.get(url, headers={"If-None-Match": etag})).status_code == 304
        big = next(p for p in data["playlists"] if p["id"] == BIG_PLAYLIST_ID)
        big["track_ids"] = list(reversed(big["track_ids"]))
        write_data(path, data)
        await sync_playlist(app.state.services.db, reader, BIG_PLAYLIST_ID, cache)
        second = await http.get(url, headers={"If-None-Match": etag})
        assert second.status_code == 200
        assert second.headers["etag"] != etag
        relisted = await http.get("/api/v1/spotify/playlists", headers={"If-None-Match": list_etag})
        assert relisted.status_code == 200
        assert relisted.headers["etag"] != list_etag
        assert second.headers["cache-control"] == "private, max-age=0, must-revalidate"
        assert "X-API-Key" in second.headers["vary"]
