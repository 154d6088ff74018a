"""Watchlist: paused artists are never scanned, the retry budget cools down then resumes,
new releases after the last check become wanted tracks (respecting the release filter)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.artists.test_artist_sync import _change_upstream
from tests.integration.artists.world import (
    DAFT_PUNK,
    DAFT_PUNK_KEY,
    RADIOHEAD,
    RADIOHEAD_KEY,
    World,
    count_rows,
    open_world,
)
from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import Job, LibraryFile, Track, WatchlistEntry
from tonearm.domain.artists.service import sync_artist
from tonearm.domain.watchlist import (
    CheckPolicy,
    WatchlistEntryIn,
    WatchlistPause,
    add_entry,
    get_entry,
    pause_entry,
    run_tick,
)
from tonearm.emulators._common import FaultRule

POLICY = CheckPolicy(interval_s=3600, jitter_s=0, retry_budget=2, retry_delay_s=0, cooldown_s=600)


@pytest.fixture
async def world(tmp_path: Path, db_url: str) -> AsyncIterator[World]:
    async with open_world(
        tmp_path, db_url, watchlist_retry_budget=2, watchlist_cooldown_s=600
    ) as opened:
        yield opened


@pytest.fixture
async def db(world: World) -> AsyncIterator[Database]:
    database = Database(world.settings.resolved_database_url)
    yield database
    await database.dispose()


async def _watch(db: Database, key: str, **kw: object) -> None:
    async with db.transaction() as session:
        await add_entry(session, WatchlistEntryIn(artist_key=key, **kw), ["album", "single"])


async def _tick(db: Database, **kw: object) -> list[str]:
    async with db.transaction() as session:
        return await run_tick(session, POLICY, **kw)  # type: ignore[arg-type]


async def _entry(db: Database, key: str) -> WatchlistEntry:
    async with db.transaction(readonly=True) as session:
        entry = await get_entry(session, key)
    assert entry is not None
    return entry


async def _sync_jobs(db: Database) -> list[str]:
    async with db.transaction(readonly=True) as session:
        rows = await session.execute(select(Job.entity_id).where(Job.type == "artist.sync"))
        return sorted(str(k) for k in rows.scalars())


class TestTick:
    async def test_paused_artists_are_not_scanned(self, world: World, db: Database) -> None:
        await _watch(db, RADIOHEAD_KEY)
        await _watch(db, DAFT_PUNK_KEY)
        async with db.transaction() as session:
            await pause_entry(session, RADIOHEAD_KEY, WatchlistPause(reason="on tour"))
        assert await _tick(db) == [DAFT_PUNK_KEY]
        assert await _sync_jobs(db) == [DAFT_PUNK_KEY]
        far = utcnow() + timedelta(days=365)
        assert RADIOHEAD_KEY not in await _tick(db, now=far)

    async def test_paused_sync_job_skips_the_scan(self, world: World, db: Database) -> None:
        await _watch(db, RADIOHEAD_KEY)
        async with db.transaction() as session:
            await pause_entry(session, RADIOHEAD_KEY, WatchlistPause())
        outcome = await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
        assert outcome.status == "skipped"
        entry = await _entry(db, RADIOHEAD_KEY)
        assert entry.last_checked_at is None

    async def test_pause_until_resumes_when_time_passes(self, world: World, db: Database) -> None:
        await _watch(db, RADIOHEAD_KEY)
        until = utcnow() + timedelta(hours=1)
        async with db.transaction() as session:
            await pause_entry(session, RADIOHEAD_KEY, WatchlistPause(resume_at=until))
        assert await _tick(db) == []
        assert await _tick(db, now=until + timedelta(seconds=1)) == [RADIOHEAD_KEY]
        assert (await _entry(db, RADIOHEAD_KEY)).paused is False

    async def test_bounded_per_tick_by_priority(self, world: World, db: Database) -> None:
        await _watch(db, RADIOHEAD_KEY, priority=1)
        await _watch(db, DAFT_PUNK_KEY, priority=5)
        async with db.transaction() as session:
            keys = await run_tick(session, CheckPolicy(max_per_tick=1, jitter_s=0))
        assert keys == [DAFT_PUNK_KEY]

    async def test_checked_artist_is_not_due_again_until_interval(
        self, world: World, db: Database
    ) -> None:
        await _watch(db, RADIOHEAD_KEY)
        assert await _tick(db) == [RADIOHEAD_KEY]
        assert await _tick(db) == []
        assert await _tick(db, now=utcnow() + timedelta(seconds=3601)) == [RADIOHEAD_KEY]


class TestRetryBudget:
    async def test_budget_leads_to_cooldown_then_resumes(self, world: World, db: Database) -> None:
        await _watch(db, RADIOHEAD_KEY)
        world.spotify.state.faults.replace([FaultRule(match="GET /v1/artists/*", status=500)])
        for _ in range(2):
            outcome = await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
            assert outcome.status == "failed"
        entry = await _entry(db, RADIOHEAD_KEY)
        assert entry.failures == 2
        assert entry.cooldown_until is not None
        assert await _tick(db, now=utcnow() + timedelta(seconds=60)) == []
        world.spotify.state.faults.clear()
        after = entry.cooldown_until + timedelta(seconds=1)
        assert await _tick(db, now=after) == [RADIOHEAD_KEY]
        assert (await _entry(db, RADIOHEAD_KEY)).failures == 0
        outcome = await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
        assert outcome.status == "synced"
        assert (await _entry(db, RADIOHEAD_KEY)).cooldown_until is None


class TestNewReleases:
    async def test_new_releases_after_last_check_become_wanted(
        self, world: World, db: Database
    ) -> None:
        await _watch(db, RADIOHEAD_KEY)
        await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
        assert await count_rows(db, Track) == 0  # the first check is the baseline
        _change_upstream(world)
        outcome = await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
        assert outcome.wanted == 2
        async with db.transaction(readonly=True) as session:
            titles = sorted((await session.execute(select(Track.title))).scalars())
        assert titles == ["Fresh Cut Part 1", "Fresh Cut Part 2"]

    async def test_release_filter_is_respected(self, world: World, db: Database) -> None:
        await _watch(db, RADIOHEAD_KEY, release_groups=["album"])
        await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
        _change_upstream(world)  # the new release is a single
        outcome = await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
        assert outcome.wanted == 0
        assert await count_rows(db, Track) == 0

    async def test_owned_tracks_are_not_wanted(self, world: World, db: Database) -> None:
        await _watch(db, RADIOHEAD_KEY)
        await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
        _change_upstream(world)
        await _own(db, "NewSingleTrack000000001", "Fresh Cut Part 1")
        outcome = await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
        assert outcome.wanted == 1
        async with db.transaction(readonly=True) as session:
            rows = await session.execute(select(Track.title, Track.state).order_by(Track.title))
            states = {title: state for title, state in rows.all()}
        assert states == {"Fresh Cut Part 1": "done", "Fresh Cut Part 2": "wanted"}

    async def test_appears_on_wants_only_the_artists_own_tracks(
        self, world: World, db: Database
    ) -> None:
        await _watch(db, RADIOHEAD_KEY, release_groups=["appears_on"])
        await _watch(db, DAFT_PUNK_KEY)  # default filter: albums and singles only
        for key in (RADIOHEAD_KEY, DAFT_PUNK_KEY):
            await sync_artist(world.runtime(db), key, origin="watchlist")
        _add_compilation(world)
        radiohead = await sync_artist(world.runtime(db), RADIOHEAD_KEY, origin="watchlist")
        daft_punk = await sync_artist(world.runtime(db), DAFT_PUNK_KEY, origin="watchlist")
        assert radiohead.wanted == 1
        assert daft_punk.wanted == 0  # a compilation is not one of its albums or singles
        async with db.transaction(readonly=True) as session:
            titles = list((await session.execute(select(Track.title))).scalars())
        assert titles == ["Radiohead On A Sampler"]


def _add_compilation(world: World) -> None:
    """A various-artists compilation (by Daft Punk's label, say) with one Radiohead track."""
    data = world.spotify_data()
    data["albums"].append(
        {
            "id": "Compilation00000000001",
            "name": "Sampler 2030",
            "album_type": "compilation",
            "release_date": "2030-02-01",
            "release_date_precision": "day",
            "artist_ids": [DAFT_PUNK],
        }
    )
    for n, (name, artist) in enumerate(
        [("Radiohead On A Sampler", RADIOHEAD), ("Daft Punk On A Sampler", DAFT_PUNK)], start=1
    ):
        data["tracks"].append(
            {
                "id": f"CompilationTrack00000{n}",
                "name": name,
                "album_id": "Compilation00000000001",
                "artist_ids": [artist],
                "duration_ms": 180_000,
                "track_number": n,
                "disc_number": 1,
                "explicit": False,
            }
        )
    world.save_spotify(data)


async def _own(db: Database, spotify_id: str, title: str) -> None:
    """A file of ``spotify_id`` already in the library."""
    now = utcnow()
    async with db.transaction() as session:
        session.add(
            LibraryFile(
                path=f"Radiohead/Fresh Cut (2030)/{title}.flac",
                path_hash=spotify_id.ljust(64, "0")[:64],
                title=title,
                artists=["Radiohead"],
                album="Fresh Cut",
                year=2030,
                format="flac",
                bitrate=900,
                duration_ms=200_001,
                size=30_000_000,
                spotify_id=spotify_id,
                created_at=now,
                updated_at=now,
            )
        )
