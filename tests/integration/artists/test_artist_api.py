"""Artist, watchlist and admin artist routes through the app."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, update
from structlog.testing import capture_logs

from tests.integration.artists.world import (
    DAFT_PUNK_KEY,
    RADIOHEAD_KEY,
    World,
    table_contents,
)
from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import Artist, Job
from tonearm.domain.artists import HIGH_PRIORITY
from tonearm.emulators._common import FaultRule


async def _sync(world: World, key: str) -> None:
    from tonearm.domain.artists.service import sync_artist

    db = Database(world.settings.resolved_database_url)
    try:
        await sync_artist(world.runtime(db), key)
    finally:
        await db.dispose()


async def _insert_leased_sync(world: World, *, expires_in: timedelta) -> int:
    """A running ``artist.sync`` of Radiohead whose lease ends ``expires_in`` from now."""
    db = Database(world.settings.resolved_database_url)
    now = utcnow()
    try:
        async with db.transaction() as session:
            result = await session.execute(
                insert(Job)
                .values(
                    type="artist.sync",
                    queue="default",
                    priority=0,
                    status="leased",
                    payload={"artist_key": RADIOHEAD_KEY},
                    entity_id=RADIOHEAD_KEY,
                    lock_key=f"artist:{RADIOHEAD_KEY}",
                    attempts=1,
                    max_attempts=3,
                    available_at=now - timedelta(minutes=10),
                    lease_owner="w1",
                    lease_token="t",
                    lease_expires_at=now + expires_in,
                    cancel_requested=False,
                    created_at=now,
                    updated_at=now,
                )
                .returning(Job.id)
            )
            return int(result.scalar_one())
    finally:
        await db.dispose()


async def _job(world: World, job_id: int) -> Job:
    db = Database(world.settings.resolved_database_url)
    try:
        async with db.transaction(readonly=True) as session:
            job = await session.get(Job, job_id)
            assert job is not None
            return job
    finally:
        await db.dispose()


class TestArtistRoutes:
    async def test_get_artist_and_enqueue_sync(self, world: World) -> None:
        async with world.app() as client:
            assert (await client.get(f"/api/v1/artists/{RADIOHEAD_KEY}")).status_code == 404
            first = await client.post(f"/api/v1/artists/{RADIOHEAD_KEY}/enqueue-sync")
            again = await client.post(f"/api/v1/artists/{RADIOHEAD_KEY}/enqueue-sync")
            await _sync(world, RADIOHEAD_KEY)
            profile = await client.get(f"/api/v1/artists/{RADIOHEAD_KEY}")
        assert first.status_code == 202
        assert first.json()["already_queued"] is False
        assert again.json() == {**first.json(), "already_queued": True}
        body = profile.json()
        assert body["name"] == "Radiohead"
        assert body["stale"] is False
        assert {r["name"] for r in body["releases"]} == {"OK Computer", "In Rainbows"}

    async def test_bad_key_is_a_validation_error(self, world: World) -> None:
        async with world.app() as client:
            response = await client.get("/api/v1/artists/deezer:123")
        assert response.status_code == 422

    async def test_admin_routes_do_not_exist_without_the_flag(self, world: World) -> None:
        async with world.app() as client:
            response = await client.post(f"/api/v1/admin/artists/{RADIOHEAD_KEY}/resync")
        assert response.status_code == 404


class TestWatchlistRoutes:
    async def test_crud_pause_resume(self, world: World) -> None:
        base = "/api/v1/watchlist"
        async with world.app() as client:
            added = await client.post(base, json={"artist_key": RADIOHEAD_KEY})
            duplicate = await client.post(base, json={"artist_key": RADIOHEAD_KEY})
            await client.post(base, json={"artist_key": DAFT_PUNK_KEY, "priority": 9})
            patched = await client.patch(f"{base}/{RADIOHEAD_KEY}", json={"priority": 3})
            paused = await client.post(
                f"{base}/{RADIOHEAD_KEY}/pause",
                json={"reason": "break", "resume_at": (utcnow() + timedelta(days=1)).isoformat()},
            )
            resumed = await client.post(f"{base}/{RADIOHEAD_KEY}/resume")
            listed = await client.get(base)
            deleted = await client.delete(f"{base}/{DAFT_PUNK_KEY}")
            missing = await client.delete(f"{base}/{DAFT_PUNK_KEY}")
        assert added.status_code == 201
        assert added.json()["release_groups"] == ["album", "single"]
        assert duplicate.status_code == 409
        assert duplicate.json()["error"]["code"] == "CONFLICT"
        assert patched.json()["priority"] == 3
        assert paused.json()["paused"] is True
        assert paused.json()["pause_reason"] == "break"
        assert resumed.json()["paused"] is False
        assert [i["artist_key"] for i in listed.json()["items"]] == [DAFT_PUNK_KEY, RADIOHEAD_KEY]
        assert deleted.status_code == 204
        assert missing.status_code == 404


class TestAdminRoutes:
    async def test_dry_run_has_no_side_effects(self, world: World) -> None:
        await _sync(world, RADIOHEAD_KEY)
        from tests.integration.artists.test_artist_sync import _change_upstream

        _change_upstream(world)
        db = Database(world.settings.resolved_database_url)
        try:
            before = await table_contents(db)
            async with world.app(feature_admin_api=True) as client:
                preview = await client.post(
                    f"/api/v1/admin/artists/{RADIOHEAD_KEY}/reconcile?dry_run=true"
                )
            after = await table_contents(db)
            assert after == before
            async with world.app(feature_admin_api=True) as client:
                applied = await client.post(
                    f"/api/v1/admin/artists/{RADIOHEAD_KEY}/reconcile?dry_run=false"
                )
            assert await table_contents(db) != before
        finally:
            await db.dispose()
        body = preview.json()
        assert preview.status_code == 200
        assert [r["name"] for r in body["added"]] == ["Fresh Cut"]
        assert len(body["updated"]) == 1
        assert len(body["removed"]) == 1
        assert applied.json()["changes"] == 3

    async def test_resync_refused_under_active_lease(self, world: World) -> None:
        await _insert_leased_sync(world, expires_in=timedelta(minutes=5))
        async with world.app(feature_admin_api=True) as client:
            refused = await client.post(f"/api/v1/admin/artists/{RADIOHEAD_KEY}/resync")
            other = await client.post(f"/api/v1/admin/artists/{DAFT_PUNK_KEY}/resync")
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "CONFLICT"
        assert refused.json()["error"]["details"]["job_id"] == 1
        assert other.status_code == 202
        assert other.json()["status"] == "queued"

    async def test_resync_allowed_when_the_only_lease_has_expired(self, world: World) -> None:
        stale = await _insert_leased_sync(world, expires_in=timedelta(seconds=-1))
        async with world.app(feature_admin_api=True) as client:
            allowed = await client.post(f"/api/v1/admin/artists/{RADIOHEAD_KEY}/resync")
        assert allowed.status_code == 202
        body = allowed.json()
        assert body["already_queued"] is False
        assert body["job_id"] != stale
        queued = await _job(world, body["job_id"])
        assert (queued.status, queued.priority) == ("queued", HIGH_PRIORITY)
        assert queued.payload == {"artist_key": RADIOHEAD_KEY, "origin": "admin"}

    async def test_resync_refused_when_budget_spent(self, world: World) -> None:
        async with world.app(feature_admin_api=True) as client:
            await client.post("/api/v1/watchlist", json={"artist_key": RADIOHEAD_KEY})
            db = Database(world.settings.resolved_database_url)
            try:
                from sqlalchemy import update

                from tonearm.db.models import WatchlistEntry

                async with db.transaction() as session:
                    await session.execute(
                        update(WatchlistEntry).values(
                            failures=3, cooldown_until=utcnow() + timedelta(hours=1)
                        )
                    )
            finally:
                await db.dispose()
            refused = await client.post(f"/api/v1/admin/artists/{RADIOHEAD_KEY}/resync")
        assert refused.status_code == 409

    async def test_reconcile_apply_refused_while_a_sync_runs(self, world: World) -> None:
        await _insert_leased_sync(world, expires_in=timedelta(minutes=5))
        url = f"/api/v1/admin/artists/{RADIOHEAD_KEY}/reconcile"
        async with world.app(feature_admin_api=True) as client:
            applied = await client.post(url, params={"dry_run": "false"})
            preview = await client.post(url, params={"dry_run": "true"})
        assert applied.status_code == 409
        assert applied.json()["error"]["code"] == "CONFLICT"
        assert preview.status_code == 200
        assert len(preview.json()["added"]) == 2

    async def test_reconcile_of_an_unknown_artist_is_not_found(self, world: World) -> None:
        url = "/api/v1/admin/artists/spotify:NoSuchArtist0000000000/reconcile"
        async with world.app(feature_admin_api=True) as client:
            response = await client.post(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"

    async def test_reconcile_with_spotify_failing_is_a_dependency_error(self, world: World) -> None:
        world.spotify.state.faults.replace([FaultRule(match="GET /v1/artists/*", status=500)])
        async with world.app(feature_admin_api=True) as client:
            response = await client.post(f"/api/v1/admin/artists/{RADIOHEAD_KEY}/reconcile")
        assert response.status_code == 502
        assert response.json()["error"]["code"] == "DEPENDENCY_ERROR"

    async def test_stale_data_carries_a_warning(self, world: World) -> None:
        await _sync(world, RADIOHEAD_KEY)
        db = Database(world.settings.resolved_database_url)
        try:
            async with db.transaction() as session:
                await session.execute(
                    update(Artist).values(synced_at=utcnow() - timedelta(hours=30))
                )
        finally:
            await db.dispose()
        async with world.app(feature_admin_api=True, artist_stale_after_s=86400) as client:
            profile = (await client.get(f"/api/v1/artists/{RADIOHEAD_KEY}")).json()
            reconcile = (
                await client.post(f"/api/v1/admin/artists/{RADIOHEAD_KEY}/reconcile")
            ).json()
        async with world.app(feature_admin_api=True, artist_stale_after_s=200_000) as client:
            fresh = (await client.get(f"/api/v1/artists/{RADIOHEAD_KEY}")).json()
        for body in (profile, reconcile):
            assert body["stale"] is True
            assert body["warnings"] == ["artist data is 30 h old (older than 86400 s)"]
        assert fresh["stale"] is False
        assert fresh["warnings"] == []

    async def test_audit_pagination(self, world: World) -> None:
        await _sync(world, RADIOHEAD_KEY)  # artist.added + 2 release_added
        url = f"/api/v1/admin/artists/{RADIOHEAD_KEY}/audit"
        async with world.app(feature_admin_api=True) as client:
            first = (await client.get(url, params={"limit": 2})).json()
            second = (await client.get(url, params={"limit": 2, "cursor": first["cursor"]})).json()
        assert first["total"] == 3
        assert len(first["items"]) == 2
        assert len(second["items"]) == 1
        assert second["cursor"] is None
        ids = [i["id"] for i in first["items"] + second["items"]]
        assert ids == sorted(ids, reverse=True)

    async def test_invalidate_evicts_exactly_that_artist(self, world: World) -> None:
        await _sync(world, RADIOHEAD_KEY)
        await _sync(world, DAFT_PUNK_KEY)
        async with world.app(feature_admin_api=True) as client:
            for key in (RADIOHEAD_KEY, DAFT_PUNK_KEY):
                assert (await client.get(f"/api/v1/artists/{key}")).status_code == 200
            with capture_logs() as logs:
                response = await client.post(f"/api/v1/admin/artists/{RADIOHEAD_KEY}/invalidate")
            again = await client.post(f"/api/v1/admin/artists/{RADIOHEAD_KEY}/invalidate")
            other = await client.post(f"/api/v1/admin/artists/{DAFT_PUNK_KEY}/invalidate")
        assert response.json() == {"evicted": 1}
        assert again.json() == {"evicted": 0}
        assert other.json() == {"evicted": 1}
        events = [e for e in logs if e["event"] == "cache.invalidate"]
        assert [(e["tags"], e["evicted"]) for e in events] == [([f"artist:{RADIOHEAD_KEY}"], 1)]
