"""``artist.sync`` on a real worker against the Spotify emulator: enqueued through the API,
applied with audit rows, the watchlist entry and the artist's cache updated; a rerun changes
nothing; a provider that asks us to wait turns into a retry after exactly that wait."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from structlog.testing import capture_logs

from tests.integration.artists.running import Running, running
from tests.integration.artists.test_artist_sync import _change_upstream
from tests.integration.artists.world import RADIOHEAD_KEY, World, table_contents
from tests.integration.orchestrator.helpers import job_row, wait_for
from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import ActivityEvent, Job, Release, Track, WatchlistEntry
from tonearm.emulators._common import FaultRule

ARTIST_URL = f"/api/v1/artists/{RADIOHEAD_KEY}"


async def _enqueue_and_finish(app: Running, db: Database) -> Job:
    queued = await app.client.post(f"{ARTIST_URL}/enqueue-sync")
    assert queued.status_code == 202
    job_id = int(queued.json()["job_id"])

    async def finished() -> bool:
        return (await job_row(db, job_id)).status in ("succeeded", "dead")

    await wait_for(finished)
    job = await job_row(db, job_id)
    assert job.status == "succeeded", job.last_error
    return job


async def _retried_job(app: Running, db: Database) -> Job:
    queued = await app.client.post(f"{ARTIST_URL}/enqueue-sync")
    job_id = int(queued.json()["job_id"])

    async def retried() -> bool:
        job = await job_row(db, job_id)
        return job.status != "leased" and job.attempts >= 1

    await wait_for(retried)
    return await job_row(db, job_id)


async def _rows(db: Database, model: Any, *columns: Any) -> list[Any]:
    async with db.transaction(readonly=True) as session:
        stmt = select(*columns).select_from(model).order_by(model.id)
        return list((await session.execute(stmt)).all())


async def _entry(db: Database) -> WatchlistEntry:
    async with db.transaction(readonly=True) as session:
        stmt = select(WatchlistEntry).where(WatchlistEntry.artist_key == RADIOHEAD_KEY)
        return (await session.execute(stmt)).scalar_one()


class TestSyncOnWorker:
    async def test_enqueued_sync_applies_audits_updates_entry_and_evicts_cache(
        self, world: World, db: Database
    ) -> None:
        async with running(world) as app:
            await app.client.post("/api/v1/watchlist", json={"artist_key": RADIOHEAD_KEY})
            await _enqueue_and_finish(app, db)
            first = await app.client.get(ARTIST_URL)
            cached = await app.client.get(ARTIST_URL)
            entry = await _entry(db)
            _change_upstream(world)
            with capture_logs() as logs:
                await _enqueue_and_finish(app, db)
            fresh = await app.client.get(ARTIST_URL)
        releases = {r.name: r.active for (r,) in await _rows(db, Release, Release)}
        assert releases == {
            "OK Computer (Remastered)": True,
            "In Rainbows": False,
            "Fresh Cut": True,
        }
        assert first.status_code == 200
        assert cached.headers["etag"] == first.headers["etag"]
        assert entry.name == "Radiohead"
        assert entry.last_checked_at is not None
        assert entry.next_check_at is not None
        assert entry.next_check_at > entry.last_checked_at
        types = [t for (t,) in await _rows(db, ActivityEvent, ActivityEvent.type)]
        assert types[:4] == [
            "watchlist.added",
            "artist.added",
            "artist.release_added",
            "artist.release_added",
        ]
        assert sorted(types[4:]) == sorted(
            [
                "artist.release_added",
                "artist.release_updated",
                "artist.release_removed",
                "watchlist.new_release",
            ]
        )
        later = await _entry(db)
        assert later.last_checked_at is not None
        assert later.last_checked_at > entry.last_checked_at
        titles = sorted(t for (t,) in await _rows(db, Track, Track.title))
        assert titles == ["Fresh Cut Part 1", "Fresh Cut Part 2"]
        evictions = [e for e in logs if e["event"] == "cache.invalidate"]
        assert [(e["tags"], e["evicted"], e["reason"]) for e in evictions] == [
            ([f"artist:{RADIOHEAD_KEY}"], 1, "artist.sync")
        ]
        assert fresh.headers["etag"] != first.headers["etag"]
        assert "Fresh Cut" in {r["name"] for r in fresh.json()["releases"]}

    async def test_rerun_changes_nothing(self, world: World, db: Database) -> None:
        async with running(world) as app:
            await _enqueue_and_finish(app, db)
            before = await table_contents(db)
            await _enqueue_and_finish(app, db)
            after = await table_contents(db)
        unchanged = {name for name in before if name != "artist"}
        assert {n: after[n] for n in unchanged} == {n: before[n] for n in unchanged}
        assert len(after["artist"]) == 1

    async def test_unknown_artist_is_dead_at_once(self, world: World, db: Database) -> None:
        async with running(world) as app:
            queued = await app.client.post(
                "/api/v1/artists/spotify:NoSuchArtist0000000000/enqueue-sync"
            )
            job_id = int(queued.json()["job_id"])

            async def dead() -> bool:
                return (await job_row(db, job_id)).status == "dead"

            await wait_for(dead)
        job = await job_row(db, job_id)
        assert job.attempts == 1
        assert "does not know the artist" in (job.last_error or "")


class TestGatewayRefusals:
    async def test_rate_limit_retries_after_the_providers_wait(
        self, world: World, db: Database
    ) -> None:
        world.spotify.state.faults.replace(
            [FaultRule(match="GET /v1/artists/*", status=429, retry_after=120)]
        )
        async with running(world) as app:
            await app.client.post("/api/v1/watchlist", json={"artist_key": RADIOHEAD_KEY})
            job = await _retried_job(app, db)
        assert job.status == "queued"
        assert job.attempts == 1
        wait = (job.available_at - utcnow()).total_seconds()
        assert 100 < wait <= 120
        assert "rate limited" in (job.last_error or "")
        # Not the artist's fault: its retry budget is untouched.
        assert (await _entry(db)).failures == 0

    async def test_open_circuit_retries_after_the_cooloff(self, world: World, db: Database) -> None:
        settings = world.settings.model_copy(
            update={"provider_circuit_threshold": 1, "provider_circuit_cooloff_s": 300.0}
        )
        await world.providers(db, settings).gateway.failed("spotify", "GET /v1/artists: HTTP 500")
        async with running(
            world, provider_circuit_threshold=1, provider_circuit_cooloff_s=300.0
        ) as app:
            job = await _retried_job(app, db)
        assert job.status == "queued"
        wait = (job.available_at - utcnow()).total_seconds()
        assert 250 < wait <= 300
        assert "circuit" in (job.last_error or "")
        assert job.available_at > utcnow() + timedelta(seconds=200)
