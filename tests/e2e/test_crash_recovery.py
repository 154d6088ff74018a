"""Crash recovery under repeated ``kill -9``.

``tonearm serve --no-worker`` and two ``tonearm worker`` processes run a whole import →
search → download → post-process pass against the emulators while a seeded schedule kills
(SIGKILL) them at observable moments — an import being processed, a search running, a
transfer under way, a file being post-processed — and restarts each victim at once. The run
ends when every track is done or failed; then the library holds exactly one tagged file per
track, the database exactly one done download and one library row per track, no temporary
file is left over and no job is held by a dead process.

``TONEARM_CRASH_SEED=<n>`` replays a schedule; the seed, the kills and the duration are
printed (``pytest -s``) and are part of every failure message.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Select, func, select

from tests.e2e.stack import (
    SONGS,
    EntryMode,
    TonearmProcess,
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
from tests.support.databases import PostgresTemplate
from tonearm.db import Database
from tonearm.db.models import Download, ImportJob, Job, LibraryFile, Track

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SEED_ENV = "TONEARM_CRASH_SEED"
LEASE_S = 5.0
SETTLE_S = 240.0  # a deadline: runs take one to three minutes, depending on the load

ENTRIES: list[tuple[Song, EntryMode]] = [
    (SONGS[0], "link"),
    (SONGS[1], "line"),
    (SONGS[2], "api"),
    (SONGS[3], "link"),
    (SONGS[4], "line"),
    (SONGS[5], "api"),
]
PIPELINE_JOBS = ("import.process", "acquire.search", "acquire.download", "acquire.monitor")


def _leased(job_type: str) -> Select[tuple[str | None]]:
    return select(Job.lease_owner).where(Job.type == job_type, Job.status == "leased")


# Observable moments to kill at; a row's lease owner (if any) names the process to kill.
KILL_POINTS: dict[str, Select[tuple[str | None]]] = {
    "import": _leased("import.process"),
    "search": _leased("acquire.search"),
    "transfer": select(Download.state).where(Download.state.in_(("requested", "downloading"))),
    "postprocess": _leased("postprocess"),
}
# When the chosen moment does not come in time: whichever worker is running a pipeline job.
BUSY = select(Job.lease_owner).where(
    Job.type.in_([*PIPELINE_JOBS, "postprocess"]), Job.status == "leased"
)


@dataclass
class Schedule:
    """The seeded kill plan and what actually happened."""

    seed: int
    rng: random.Random
    planned: int
    done: list[str] = field(default_factory=list)

    @classmethod
    def from_env(cls) -> Schedule:
        seed = int(os.environ.get(SEED_ENV) or random.SystemRandom().randrange(1, 10**6))
        rng = random.Random(seed)
        return cls(seed, rng, planned=rng.randint(5, 8))

    def summary(self, started: float) -> str:
        return (
            f"seed={self.seed} kills={len(self.done)}/{self.planned} "
            f"duration={time.monotonic() - started:.1f}s schedule={self.done}"
        )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None  # the default SQLite file in the data dir
        return
    template: PostgresTemplate = request.getfixturevalue("postgres_template")
    url = template.clone()
    yield url
    template.drop(url)


@pytest.fixture
def world(tmp_path: Path, database_url: str | None) -> Iterator[World]:
    songs = tuple(s for s, _ in ENTRIES)
    env = {
        "TONEARM_WORKER_LEASE_S": str(LEASE_S),
        "TONEARM_SLSKD_SEARCHES_PER_WINDOW": "500",
    }
    with emulated_world(
        tmp_path,
        songs,
        honest_speed=90_000,
        lyrics_delay_s=0.4,
        database_url=database_url,
        extra_env=env,
    ) as world:
        yield world


def _owner_pid(owner: str | None) -> int | None:
    """The pid in a worker id ``host:pid:suffix``."""
    parts = (owner or "").split(":")
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


async def _settled(db: Database, expected: int) -> bool:
    async with db.transaction(readonly=True) as session:
        states = list((await session.execute(select(Track.state))).scalars())
        imports = list((await session.execute(select(ImportJob.status))).scalars())
    terminal = all(s in ("done", "failed") for s in states)
    return len(states) >= expected and terminal and all(s == "done" for s in imports)


async def _observe(db: Database, point: str) -> tuple[bool, int | None]:
    """Whether the moment ``point`` is observable now, and the pid of the process in it."""
    query = BUSY if point == "busy" else KILL_POINTS[point]
    async with db.transaction(readonly=True) as session:
        row = (await session.execute(query.limit(1))).first()
    if row is None:
        return False, None
    return True, _owner_pid(row[0]) if point != "transfer" else None


async def _wait_for_moment(
    db: Database, point: str, expected: int, timeout_s: float
) -> tuple[str, int | None] | None:
    """Poll for ``point`` (then for any busy worker); None when the run has settled."""
    deadline = time.monotonic() + timeout_s
    while True:
        if await _settled(db, expected):
            return None
        seen, owner = await _observe(db, point)
        if seen:
            return point, owner
        if time.monotonic() > deadline:
            seen, owner = await _observe(db, "busy")
            if seen:
                return f"{point}-not-seen:busy", owner
        await asyncio.sleep(0.02)


async def _wait_up(process: TonearmProcess, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not await asyncio.to_thread(process.up):
        assert process.alive, f"{process.name} exited by itself: {process.log.read_text()[-2000:]}"
        assert time.monotonic() < deadline, f"{process.name} did not come up"
        await asyncio.sleep(0.1)


async def _kill_once(
    db: Database, schedule: Schedule, processes: list[TonearmProcess], expected: int
) -> bool:
    """Wait for a random kill point, kill the process in it (or a random one), restart it.

    False when the run settled first (nothing left to interrupt)."""
    rng = schedule.rng
    point = rng.choice([*KILL_POINTS, "serve"])
    delay = rng.uniform(0.0, 0.4)  # kill timing, not synchronisation
    moment: tuple[str, int | None] | None = ("serve", None)
    if point != "serve":
        moment = await _wait_for_moment(db, point, expected, timeout_s=6)
    if moment is None:
        return False
    label, owner = moment
    await asyncio.sleep(delay)
    by_pid = {p.pid: p for p in processes if p.alive}
    if point == "serve":
        victim = processes[0]
    elif owner in by_pid:
        victim = by_pid[owner]
    else:
        victim = rng.choice([p for p in processes if p.name != "serve"])
    await _wait_up(victim, 90)  # a kill during start-up is a kill while nothing runs
    pid = victim.kill()
    schedule.done.append(f"{label}@{victim.name}:{pid}+{delay:.2f}s")
    victim.start(wait=False)
    return True


async def _run_with_kills(
    world: World, schedule: Schedule, db: Database
) -> tuple[int, list[Track]]:
    serve = world.serve(worker=False)
    serve.start()  # migrates the database before the workers start
    processes = [serve, world.worker("worker-1"), world.worker("worker-2")]
    for worker in processes[1:]:
        worker.start()
    import_id = await enter_tracks(f"http://127.0.0.1:{serve.port}", ENTRIES)
    assert import_id is not None
    while len(schedule.done) < schedule.planned:
        if not await _kill_once(db, schedule, processes, len(ENTRIES)):
            break
    return import_id, await wait_all_settled(db, len(ENTRIES), SETTLE_S)


async def _no_lease_of_the_dead(db: Database, dead: set[int], timeout_s: float) -> list[str]:
    """Leases still held by killed processes once the reaper had time to act."""
    deadline = time.monotonic() + timeout_s
    while True:
        async with db.transaction(readonly=True) as session:
            owners = (
                await session.execute(select(Job.lease_owner).where(Job.status == "leased"))
            ).scalars()
            held = [o for o in owners if o and _owner_pid(o) in dead]
        if not held or time.monotonic() > deadline:
            return held
        await asyncio.sleep(0.1)


async def _count(db: Database, stmt: Select[Any]) -> int:
    async with db.transaction(readonly=True) as session:
        return int((await session.execute(stmt)).scalar_one())


async def _rows_per_track(db: Database) -> dict[str, object]:
    done_per_track = (
        select(Download.track_id, func.count(Download.id))
        .where(Download.state == "done")
        .group_by(Download.track_id)
    )
    async with db.transaction(readonly=True) as session:
        done = {row[0]: row[1] for row in await session.execute(done_per_track)}
        files = list((await session.execute(select(LibraryFile.track_id))).scalars())
        keys = list((await session.execute(select(Track.match_key))).scalars())
    return {
        "done_downloads": sorted(done.values()),
        "library_rows": sorted(files, key=lambda t: t or 0),
        "distinct_tracks": len(set(keys)),
        "tracks": len(keys),
    }


async def test_the_pipeline_survives_repeated_kills(world: World) -> None:
    schedule = Schedule.from_env()
    started = time.monotonic()
    db = Database(world.db_url)
    try:
        try:
            import_id, tracks = await _run_with_kills(world, schedule, db)
        finally:
            print(f"\ncrash schedule: {schedule.summary(started)}")
        summary = schedule.summary(started)
        dead = {pid for p in world.processes for pid in p.killed_pids}
        assert await _no_lease_of_the_dead(db, dead, 3 * LEASE_S) == [], summary
        rows = await _rows_per_track(db)
        pipeline_dead = await _count(
            db,
            select(func.count(Job.id)).where(
                Job.status == "dead", Job.type.in_([*PIPELINE_JOBS, "postprocess"])
            ),
        )
    finally:
        await db.dispose()

    n = len(ENTRIES)
    assert len(schedule.done) >= 3, f"the run settled before the kills: {summary}"
    assert [(t.state, t.reason) for t in tracks] == [("done", None)] * n, summary
    assert rows["tracks"] == rows["distinct_tracks"] == n, (rows, summary)
    assert rows["done_downloads"] == [1] * n, (rows, summary)  # one done download per track
    assert rows["library_rows"] == sorted(t.id for t in tracks), (rows, summary)
    assert pipeline_dead == 0, summary
    assert len(audio_files(world.library)) == n, summary  # exactly one file per track
    assert leftover_temporaries(world) == [], summary
    modes = {s: mode for s, mode in ENTRIES}
    for track in tracks:
        s = song_of(track, world.songs)
        check_library_file(world.library, track, s, modes[s])
    serve = world.processes[0]
    serve.wait_ready(90)
    async with api(f"http://127.0.0.1:{serve.port}") as http:
        wanted = (await http.get("/api/v1/tracks", params={"limit": 50})).json()
        listed = (await http.get("/api/v1/library/tracks", params={"limit": 50})).json()
        imported = (await http.get(f"/api/v1/imports/{import_id}")).json()
    assert (wanted["total"], listed["total"]) == (n, n), summary
    pasted = sum(1 for _, mode in ENTRIES if mode != "api")
    counts = ("registered", "normalized", "queued", "completed", "failed")
    assert [imported[k] for k in counts] == [pasted, pasted, pasted, pasted, 0], summary
    for process in world.processes:
        process.stop()
    db = Database(world.db_url)
    try:  # a clean stop releases every lease it held
        assert await _count(db, select(func.count(Job.id)).where(Job.status == "leased")) == 0
    finally:
        await db.dispose()
