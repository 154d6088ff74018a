"""SQLite busy: another connection holds the write lock (``BEGIN IMMEDIATE``) while the API
and a job want to write. Writes answer 503 with the envelope (never 500), reads keep working,
and the job's work is redone once the lock is released; nothing is lost."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from structlog.testing import capture_logs

from tests.integration.faults.harness import FAST, Rig, authorize_spotify, fault_rig
from tests.integration.orchestrator.helpers import job_row, wait_for
from tests.integration.providers.emulated import fault
from tonearm.domain.playlists.tasks import SYNC_JOB

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

PLAYLIST = "JASQiCspSInFDe3HxidbDs"  # 15 tracks in the bundled demo data
SHORT_LEASE = replace(FAST, lease_s=1.0)  # a run whose outcome was lost is re-run soon


@asynccontextmanager
async def write_lock(db_url: str) -> AsyncIterator[None]:
    """Hold SQLite's write lock from another connection, as a long writer would (taken in a
    thread: waiting for it must not stop the event loop that finishes the app's writes)."""
    path = make_url(db_url).database
    assert path is not None
    other = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
    try:
        await asyncio.to_thread(other.execute, "BEGIN IMMEDIATE")
        yield
        await asyncio.to_thread(other.execute, "ROLLBACK")
    finally:
        other.close()


@pytest.fixture
async def rig(tmp_path: Path, db_url: str) -> AsyncIterator[Rig]:
    async with fault_rig(
        tmp_path,
        db_url,
        (SYNC_JOB,),
        busy_timeout_ms=300,
        worker_options=SHORT_LEASE,
        provider_timeout_s=5.0,
    ) as rig:
        await authorize_spotify(rig)
        yield rig


async def test_a_write_during_a_held_lock_is_a_503_and_reads_go_on(rig: Rig, db_url: str) -> None:
    track = {"artist": "Radiohead", "title": "Karma Police"}
    async with write_lock(db_url):
        refused = await rig.api.post("/api/v1/tracks", json=track)
        listing = await rig.api.get("/api/v1/tracks")
        live = await rig.api.get("/api/health/live")
        ready = await rig.api.get("/api/health/ready")
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "DEPENDENCY_ERROR"
    assert "busy" in refused.json()["error"]["message"]
    assert refused.headers["retry-after"] == "1"
    assert (listing.status_code, listing.json()["total"]) == (200, 0)
    assert live.status_code == 200
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"]["db"] == {"status": "ok"}

    accepted = await rig.api.post("/api/v1/tracks", json=track)
    assert accepted.status_code == 201, accepted.text
    assert (await rig.api.get("/api/v1/tracks")).json()["total"] == 1


async def test_a_job_that_meets_a_held_lock_is_run_again_after_it(rig: Rig, db_url: str) -> None:
    # The playlist fetch is slow, so the lock can be taken while the job is fetching.
    rig.emulators.spotify_faults.replace([fault("GET /v1/playlists/*", delay_ms=1500, times=1)])
    job_id = await rig.enqueue(SYNC_JOB, {"playlist_id": PLAYLIST})

    async def leased() -> bool:
        return (await job_row(rig.db, job_id)).status == "leased"

    await wait_for(leased, timeout=10)

    async def refused() -> bool:
        return any(_is_busy_failure(event, job_id) for event in list(logs))

    with capture_logs() as logs:
        async with write_lock(db_url):
            await wait_for(refused, timeout=15)
            assert (await rig.api.get("/api/health/live")).status_code == 200
    assert await rig.track_count() == 0  # the refused transaction wrote nothing

    job = await rig.finished(job_id, timeout=20)
    assert job.status == "succeeded"
    assert job.attempts == 2
    assert await rig.track_count() == 15


def _is_busy_failure(event: dict[str, Any], job_id: int) -> bool:
    """The worker could not write the job's work or its outcome: the database was busy."""
    if event.get("event") != "orchestrator.outcome_failed":
        return False
    return job_id in event.get("job_ids", []) and "busy" in str(event.get("error"))
