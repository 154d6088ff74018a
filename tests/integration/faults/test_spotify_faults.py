"""Spotify faults during a playlist sync job: the app keeps serving, nothing is lost, the job
retries (or waits out the provider) and the gateway's circuit and health say what happened."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.integration.faults.harness import Rig, authorize_spotify, fault_rig
from tests.integration.providers.emulated import fault
from tonearm.db.base import utcnow
from tonearm.domain.playlists.tasks import SYNC_JOB

# The gateway's shared state is SQL: the circuit and cool-down cases run on both backends, the
# others, which add no SQL of their own, on SQLite only (the package stays fast).
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
PLAYLIST = "JASQiCspSInFDe3HxidbDs"  # 15 tracks in the bundled demo data
PLAYLIST_CALLS = "GET /v1/playlists/*"


@pytest.fixture
async def rig(tmp_path: Path, db_url: str) -> AsyncIterator[Rig]:
    async with fault_rig(tmp_path, db_url, (SYNC_JOB,)) as rig:
        await authorize_spotify(rig)
        yield rig


async def _sync(rig: Rig) -> int:
    return await rig.enqueue(SYNC_JOB, {"playlist_id": PLAYLIST}, lock_key=f"playlist:{PLAYLIST}")


async def _assert_serving(rig: Rig) -> None:
    assert (await rig.api.get("/api/health/live")).status_code == 200
    listing = await rig.api.get("/api/v1/spotify/playlists")
    assert listing.status_code == 200, listing.text


async def _assert_synced(rig: Rig, job_id: int) -> None:
    assert (await rig.finished(job_id)).status == "succeeded"
    assert await rig.track_count() == 15
    spotify = await rig.integration("spotify")
    assert (spotify["status"], spotify["circuit"]) == ("ok", "closed")


TRANSIENT: dict[str, dict[str, Any]] = {
    "slow_once": {"delay_ms": 2000, "times": 1},
    "429_short_retry_after": {"status": 429, "retry_after": 0.2, "times": 1},
    "5xx_burst": {"status": 503, "times": 2},
    "connection_drop": {"drop": True, "times": 1},
}


@SQLITE_ONLY
@pytest.mark.parametrize("rule", TRANSIENT.values(), ids=TRANSIENT.keys())
async def test_a_transient_fault_is_absorbed_by_the_gateway(rig: Rig, rule: dict[str, Any]) -> None:
    rig.emulators.spotify_faults.replace([fault(PLAYLIST_CALLS, **rule)])
    job_id = await _sync(rig)
    await _assert_synced(rig, job_id)
    assert (await rig.finished(job_id)).attempts == 1
    assert rig.emulators.spotify_faults.describe() == []  # the fault did happen


PERSISTENT: dict[str, tuple[dict[str, Any], str]] = {
    "slow": ({"delay_ms": 2000}, "ReadTimeout"),
    "5xx": ({"status": 503}, "SpotifyServerError"),
    "connection_drop": ({"drop": True}, "ConnectionDropped"),
}


@SQLITE_ONLY
@pytest.mark.parametrize(("rule", "reason"), PERSISTENT.values(), ids=PERSISTENT.keys())
async def test_a_lasting_fault_reschedules_the_job_with_its_reason(
    rig: Rig, rule: dict[str, Any], reason: str
) -> None:
    rig.emulators.spotify_faults.replace([fault(PLAYLIST_CALLS, **rule)])
    job_id = await _sync(rig)
    job = await rig.settled(job_id, attempts=1)
    assert job.status == "queued"
    assert job.last_error is not None
    assert reason in job.last_error
    snap = await rig.providers.gateway.snapshot("spotify")
    assert (snap.circuit, snap.consecutive_failures) == ("closed", 1)
    assert "GET /v1/playlists/{id}" in (snap.last_error or "")
    await _assert_serving(rig)
    assert await rig.track_count() == 0

    rig.emulators.spotify_faults.clear()
    await rig.hurry(job_id)
    await _assert_synced(rig, job_id)


async def test_a_long_5xx_burst_opens_the_circuit_until_a_trial_succeeds(rig: Rig) -> None:
    rig.emulators.spotify_faults.replace([fault(PLAYLIST_CALLS, status=503)])
    job_id = await _sync(rig)
    await rig.settled(job_id, attempts=1)
    await rig.hurry(job_id)
    await rig.settled(job_id, attempts=2)  # the second failed call in a row opens the circuit
    spotify = await rig.integration("spotify")
    assert (spotify["status"], spotify["circuit"]) == ("down", "open")
    ready = await rig.api.get("/api/health/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["spotify"]["status"] == "fail"
    await _assert_serving(rig)

    await rig.hurry(job_id)  # fails fast: the open circuit sends nothing to Spotify
    job = await rig.settled(job_id, attempts=3)
    assert job.status == "queued"
    assert "circuit" in (job.last_error or "")
    assert job.available_at >= utcnow() + timedelta(seconds=30)  # waits for the cool-off

    rig.emulators.spotify_faults.clear()
    rig.clock.advance(61)
    await rig.hurry(job_id)
    await _assert_synced(rig, job_id)


async def test_a_long_retry_after_cools_spotify_down_and_reschedules_the_job(rig: Rig) -> None:
    rig.emulators.spotify_faults.replace([fault(PLAYLIST_CALLS, status=429, retry_after=600)])
    job_id = await _sync(rig)
    job = await rig.settled(job_id, attempts=1)
    assert job.status == "queued"
    assert "rate limited" in (job.last_error or "")
    assert job.available_at >= utcnow() + timedelta(seconds=500)  # the provider's wait, honoured

    spotify = await rig.integration("spotify")
    assert (spotify["status"], spotify["circuit"]) == ("degraded", "closed")
    assert "rate limited" in spotify["last_error"]
    ready = await rig.api.get("/api/health/ready")
    assert ready.status_code == 200, ready.text  # a cool-down is not an outage
    await _assert_serving(rig)
    queued = await rig.api.post(f"/api/v1/spotify/playlists/{PLAYLIST}/sync")
    assert queued.status_code == 202, queued.text

    rig.emulators.spotify_faults.clear()
    await rig.hurry(job_id)  # still cooling down: nothing is sent, the job waits again
    job = await rig.settled(job_id, attempts=2)
    assert job.status == "queued"
    assert job.available_at >= utcnow() + timedelta(seconds=500)

    rig.clock.advance(601)
    await rig.hurry(job_id)
    await _assert_synced(rig, job_id)
