"""The pipeline reaches slskd through the provider gateway: a 429 with a long Retry-After pauses
every search and retries the job after it; repeated 5xx open the circuit, health shows it and
jobs are retried after the cool-off; without slskd settings the job fails with a clear reason."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from tests.conftest import serving
from tests.integration.acquisition.factories import SONGS, Song, create_track, decoy_network
from tests.integration.acquisition.harness import Pipeline, running_pipeline, wait_for
from tests.integration.providers.emulated import RoutingTransport, fault
from tonearm.app import build_services, create_app
from tonearm.db.base import utcnow
from tonearm.db.models import AcquisitionRateState, Job, ProviderState, Track
from tonearm.domain.acquisition.jobs import enqueue_search

SEARCHES = "POST /api/v0/searches"


async def _want(pipe: Pipeline, song: Song) -> tuple[int, int]:
    """A wanted track and its search job: (track id, job id)."""
    async with pipe.db.transaction() as session:
        track = create_track(song)
        session.add(track)
        await session.flush()
        return track.id, await enqueue_search(session, track.id)


async def _job(pipe: Pipeline, job_id: int) -> Job:
    async with pipe.db.transaction(readonly=True) as session:
        job = await session.get(Job, job_id)
    assert job is not None
    return job


async def _wait_for_job(pipe: Pipeline, job_id: int, error_part: str) -> Job:
    """Wait until the job is back in the queue with ``error_part`` in its last error."""

    async def rescheduled() -> bool:
        job = await _job(pipe, job_id)
        return job.status == "queued" and error_part in (job.last_error or "")

    await wait_for(rescheduled, timeout_s=15)
    return await _job(pipe, job_id)


def _seconds_from_now(moment: datetime | None) -> float:
    assert moment is not None
    return (moment - utcnow()).total_seconds()


def _hits_left(pipe: Pipeline) -> list[int]:
    return [rule["times"] for rule in pipe.slskd_faults.describe()]


async def test_a_429_on_search_pauses_every_search_and_retries_the_job_later(
    tmp_path: Path, db_url: str
) -> None:
    async with running_pipeline(tmp_path, db_url, decoy_network(SONGS[:2])) as pipe:
        pipe.slskd_faults.replace([fault(SEARCHES, status=429, retry_after=120, times=5)])
        first_track, first_job = await _want(pipe, SONGS[0])
        job = await _wait_for_job(pipe, first_job, "rate limited")
        assert job.attempts == 1  # retried after the wait, not failed
        assert 110 < _seconds_from_now(job.available_at) <= 120
        async with pipe.db.transaction(readonly=True) as session:
            etiquette = (await session.execute(select(AcquisitionRateState))).scalar_one()
            cooldown = await session.get(ProviderState, "slskd")
        assert 110 < _seconds_from_now(etiquette.backoff_until) <= 120
        assert cooldown is not None
        assert 110 < _seconds_from_now(cooldown.cooldown_until) <= 120
        assert _hits_left(pipe) == [4]  # slskd saw exactly one search

        # Another track waits for the pause without asking slskd and without spending an attempt.
        _, second_job = await _want(pipe, SONGS[1])
        job = await _wait_for_job(pipe, second_job, "waiting for a search slot")
        assert job.attempts == 0
        assert 100 < _seconds_from_now(job.available_at) <= 120
        assert _hits_left(pipe) == [4]
        async with pipe.db.transaction(readonly=True) as session:
            track = await session.get(Track, first_track)
        assert track is not None
        assert track.state != "failed"


async def test_repeated_5xx_open_the_circuit_health_shows_it_and_jobs_wait_it_out(
    tmp_path: Path, db_url: str
) -> None:
    overrides = {"provider_circuit_threshold": 2, "provider_circuit_cooloff_s": 60.0}
    network = decoy_network(SONGS[:3])
    async with running_pipeline(tmp_path, db_url, network, **overrides) as pipe:
        pipe.slskd_faults.replace([fault("* /api/v0/*", status=500)])
        # Two searches run side by side; each fails once: that is the threshold.
        failing = [(await _want(pipe, song))[1] for song in SONGS[:2]]
        for job_id in failing:
            job = await _wait_for_job(pipe, job_id, "500")
            assert job.attempts == 1
        async with pipe.db.transaction(readonly=True) as session:
            state = await session.get(ProviderState, "slskd")
        assert state is not None
        assert state.circuit == "open"

        # While it is open a job fails fast without reaching slskd and waits for the cool-off.
        pipe.slskd_faults.clear()
        _, third = await _want(pipe, SONGS[2])
        job = await _wait_for_job(pipe, third, "circuit")
        assert job.attempts == 1
        assert 30 < _seconds_from_now(job.available_at) <= 60

        services = build_services(pipe.settings)
        services.extras["provider_transport"] = RoutingTransport({"slskd.test": pipe.slskd_app})
        async with serving(create_app(pipe.settings, services)) as client:
            report = (await client.get("/api/v1/integrations")).json()
            ready = await client.get("/api/health/ready")
    slskd = next(item for item in report["items"] if item["name"] == "slskd")
    assert (slskd["circuit"], slskd["status"]) == ("open", "down")
    assert ready.status_code == 503
    assert ready.json()["checks"]["slskd"]["status"] == "fail"
    assert "circuit" in ready.json()["checks"]["slskd"]["detail"]


async def test_without_slskd_settings_the_job_fails_with_a_clear_reason(
    tmp_path: Path, db_url: str
) -> None:
    async with running_pipeline(tmp_path, db_url, decoy_network(), slskd_api_key=None) as pipe:
        track_id, job_id = await _want(pipe, SONGS[0])

        async def dead() -> bool:
            return (await _job(pipe, job_id)).status == "dead"

        await wait_for(dead, timeout_s=15)
        job = await _job(pipe, job_id)
        async with pipe.db.transaction(readonly=True) as session:
            track = await session.get(Track, track_id)
    assert job.attempts == 1
    assert job.last_error == "slskd is not configured: set slskd_url and slskd_api_key"
    assert track is not None
    assert track.state == "wanted"
