"""End to end: a real ``tonearm serve`` process, the slskd emulator full of decoys and trap
peers, the Spotify emulator (track links, covers) and a lyrics provider on loopback ports.
Tracks entered through the API (a pasted import and ``POST /api/v1/tracks``) end as tagged
files with ``.lrc`` lyrics (and a cover when Spotify knows the track) in the library — also
when the process is killed (SIGKILL) while downloading and while post-processing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.e2e.stack import (
    SONGS,
    EntryMode,
    World,
    api,
    audio_files,
    check_library_file,
    emulated_world,
    enter_tracks,
    leftover_temporaries,
    song_of,
    wait_all_settled,
)
from tests.integration.acquisition.factories import Song
from tonearm.db import Database
from tonearm.db.models import Download

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ENTRIES: list[tuple[Song, EntryMode]] = [
    (SONGS[0], "link"),
    (SONGS[1], "link"),
    (SONGS[2], "line"),
    (SONGS[3], "api"),
]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    songs = tuple(s for s, _ in ENTRIES)
    # The honest peer is slow enough that a kill lands during a transfer.
    with emulated_world(tmp_path, songs, extra_env={"TONEARM_WORKER_LEASE_S": "4"}) as world:
        yield world


async def _wait_for_download_state(db: Database, states: set[str], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        async with db.transaction(readonly=True) as session:
            found = (
                await session.execute(select(Download.id).where(Download.state.in_(states)))
            ).first()
        if found is not None:
            return True
        await asyncio.sleep(0.02)
    return False


async def test_entered_tracks_become_tagged_library_files_despite_decoys_and_kills(
    world: World,
) -> None:
    process = world.serve()
    process.start()
    base = f"http://127.0.0.1:{process.port}"
    db = Database(world.db_url)
    try:
        import_id = await enter_tracks(base, ENTRIES)
        assert await _wait_for_download_state(db, {"downloading"}, 60)
        process.kill()  # during a transfer
        process.start()
        assert await _wait_for_download_state(db, {"processing"}, 60)
        process.kill()  # during post-processing (the lyrics provider is slow)
        process.start()
        tracks = await wait_all_settled(db, len(ENTRIES), 120)
    finally:
        await db.dispose()

    assert [(t.state, t.reason) for t in tracks] == [("done", None)] * len(ENTRIES)
    assert len(audio_files(world.library)) == len(ENTRIES)  # exactly one file per track
    assert leftover_temporaries(world) == []
    modes = {s: mode for s, mode in ENTRIES}
    for track in tracks:
        s = song_of(track, world.songs)
        check_library_file(world.library, track, s, modes[s])
    async with api(base) as http:
        imported = (await http.get(f"/api/v1/imports/{import_id}")).json()
        listed = (await http.get("/api/v1/library/tracks", params={"limit": 50})).json()
        downloads = (await http.get("/api/v1/downloads", params={"state": "done"})).json()
    pasted = sum(1 for _, mode in ENTRIES if mode != "api")
    assert (imported["status"], imported["registered"], imported["normalized"]) == (
        "done",
        pasted,
        pasted,
    )
    assert (imported["queued"], imported["completed"]) == (pasted, pasted)
    assert listed["total"] == len(ENTRIES)
    assert {d["username"] for d in downloads["items"]} == {"honest"}
    assert len(downloads["items"]) == len(ENTRIES)
