"""artist.sync: the delta is right, only changes are written, a second run changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from tests.integration.artists.world import (
    RADIOHEAD,
    RADIOHEAD_KEY,
    World,
    WriteCounter,
    table_contents,
)
from tonearm.db import Database
from tonearm.db.models import ActivityEvent, Release, ReleaseTrack
from tonearm.domain.artists.service import sync_artist


async def _releases(db: Database) -> dict[str, Release]:
    async with db.transaction(readonly=True) as session:
        rows = await session.execute(select(Release))
        return {r.spotify_id: r for r in rows.scalars()}


async def _audit_types(db: Database) -> list[str]:
    async with db.transaction(readonly=True) as session:
        rows = await session.execute(
            select(ActivityEvent.type)
            .where(ActivityEvent.entity_id == RADIOHEAD_KEY)
            .order_by(ActivityEvent.id)
        )
        return list(rows.scalars())


def _change_upstream(world: World) -> tuple[str, str, str]:
    """Rename one Radiohead album, drop the other, add a new single with two tracks."""
    data = world.spotify_data()
    albums = [a for a in data["albums"] if RADIOHEAD in a["artist_ids"]]
    renamed, dropped = albums[0]["id"], albums[1]["id"]
    albums[0]["name"] = "OK Computer (Remastered)"
    data["albums"] = [a for a in data["albums"] if a["id"] != dropped]
    data["tracks"] = [t for t in data["tracks"] if t["album_id"] != dropped]
    added = "NewSingle0000000000001"
    data["albums"].append(
        {
            "id": added,
            "name": "Fresh Cut",
            "album_type": "single",
            "release_date": "2030-01-10",
            "release_date_precision": "day",
            "artist_ids": [RADIOHEAD],
        }
    )
    for n in (1, 2):
        data["tracks"].append(
            {
                "id": f"NewSingleTrack00000000{n}",
                "name": f"Fresh Cut Part {n}",
                "album_id": added,
                "artist_ids": [RADIOHEAD],
                "duration_ms": 200_000 + n,
                "track_number": n,
                "disc_number": 1,
                "explicit": False,
            }
        )
    world.save_spotify(data)
    return renamed, dropped, added


class TestArtistSync:
    async def test_first_sync_adds_profile_releases_tracks_and_audit(
        self, world: World, db: Database
    ) -> None:
        outcome = await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        releases = await _releases(db)
        assert outcome.status == "synced"
        assert {r.name for r in releases.values()} == {"OK Computer", "In Rainbows"}
        assert all(r.active for r in releases.values())
        async with db.transaction(readonly=True) as session:
            tracks = (await session.execute(select(ReleaseTrack))).scalars().all()
        assert len(tracks) > 0
        assert await _audit_types(db) == [
            "artist.added",
            "artist.release_added",
            "artist.release_added",
        ]

    async def test_delta_added_updated_removed_with_soft_delete(
        self, world: World, db: Database
    ) -> None:
        await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        renamed, dropped, added = _change_upstream(world)
        outcome = await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        releases = await _releases(db)
        assert outcome.changes == 3
        assert releases[renamed].name == "OK Computer (Remastered)"
        assert releases[dropped].active is False
        assert releases[dropped].inactive_reason
        assert releases[added].active is True
        types = await _audit_types(db)
        assert types[-3:] == [
            "artist.release_added",
            "artist.release_updated",
            "artist.release_removed",
        ]

    async def test_hard_delete_only_by_setting(self, world: World, db: Database) -> None:
        await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        _, dropped, _ = _change_upstream(world)
        await sync_artist(world.runtime(db, artist_hard_delete_removed=True), RADIOHEAD_KEY)
        assert dropped not in await _releases(db)

    async def test_second_run_changes_nothing(self, world: World, db: Database) -> None:
        await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        _change_upstream(world)
        await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        before = await table_contents(db)
        with WriteCounter(db) as writes:
            outcome = await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        after = await table_contents(db)
        assert outcome.changes == 0
        # The only write is the artist's "last verified" time.
        assert len(writes.statements) == 1
        assert writes.statements[0].lstrip().upper().startswith("UPDATE ARTIST SET SYNCED_AT")
        assert {k: v for k, v in after.items() if k != "artist"} == {
            k: v for k, v in before.items() if k != "artist"
        }

    async def test_reactivated_release_is_an_update(self, world: World, db: Database) -> None:
        original = world.spotify_data()
        await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        _, dropped, _ = _change_upstream(world)
        await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        world.save_spotify(original)
        await sync_artist(world.runtime(db), RADIOHEAD_KEY)
        releases = await _releases(db)
        assert releases[dropped].active is True
        assert releases[dropped].inactive_reason is None
