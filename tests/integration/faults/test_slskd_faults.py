"""slskd faults while a wanted track is acquired: HTTP faults on search creation, a search
that never completes, transfers that stall, error or lose their peer. The app beside the
pipeline keeps answering, the track is never dropped, the job retries (or waits out slskd)
with a reason, and the gateway's circuit and the integrations report say what happened."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from tests.integration.acquisition.factories import SONGS, create_track
from tests.integration.acquisition.harness import SLSKD_KEY, Pipeline
from tests.integration.faults.harness import pipeline_with_api
from tests.integration.orchestrator.helpers import job_row, wait_for
from tests.integration.providers.emulated import fault
from tonearm.db.base import utcnow
from tonearm.db.models import Download, Job, Track
from tonearm.domain.acquisition.jobs import enqueue_search
from tonearm.orchestrator import retry_job

# SQLite only: the gateway's shared state on PostgreSQL is exercised by the Spotify cases.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
SONG = SONGS[0]
CREATE_SEARCH = "POST /api/v0/searches"


def _peer(behaviour: str, upload_speed: int, **extra: Any) -> dict[str, Any]:
    return {
        "uploadSpeed": upload_speed,
        "hasFreeUploadSlot": True,
        "queueLength": 0,
        "behaviour": behaviour,
        "speed_bytes_per_s": 2_000_000,
        **extra,
    }


def network(*traps: str, search_delay_ms: int = 40, **trap_extra: Any) -> dict[str, Any]:
    """One honest peer with the right file; each trap peer (named after its behaviour) offers
    the same file with better signals, so it is tried first."""
    users = {"honest": _peer("normal", 1_000_000, files=[_file("honest")])}
    for trap in traps:
        users[trap] = _peer(trap, 50_000_000, files=[_file(trap)], **trap_extra)
    return {"search_delay_ms": search_delay_ms, "users": users}


def _file(share: str) -> dict[str, Any]:
    return {
        "filename": SONG.right_file(share),
        "size": 90_000,
        "length": SONG.length_s,
        "bitDepth": 16,
    }


async def _want(pipe: Pipeline) -> tuple[int, int]:
    """A wanted track and its search job."""
    async with pipe.db.transaction() as session:
        track = create_track(SONG)
        session.add(track)
        await session.flush()
        job_id = await enqueue_search(session, track.id)
    pipe.worker.wake()
    return track.id, job_id


async def _track(pipe: Pipeline, track_id: int) -> Track:
    async with pipe.db.transaction(readonly=True) as session:
        track = await session.get(Track, track_id)
    assert track is not None  # never dropped
    return track


async def _ran(pipe: Pipeline, job_id: int, attempts: int) -> Job:
    async def settled() -> bool:
        job = await job_row(pipe.db, job_id)
        return job.status != "leased" and job.attempts >= attempts

    await wait_for(settled, timeout=20)
    return await job_row(pipe.db, job_id)


async def _hurry(pipe: Pipeline, job_id: int) -> None:
    async with pipe.db.transaction() as session:
        await retry_job(session, job_id)
    pipe.worker.wake()


async def _done(pipe: Pipeline, track_id: int, timeout: float = 20) -> Track:
    async def filed() -> bool:
        return (await _track(pipe, track_id)).state == "done"

    await wait_for(filed, timeout=timeout)
    return await _track(pipe, track_id)


async def _slskd_health(api: httpx.AsyncClient) -> dict[str, Any]:
    answer = await api.get("/api/v1/integrations")
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return next(item for item in items if item["name"] == "slskd")


async def _assert_serving(api: httpx.AsyncClient) -> None:
    assert (await api.get("/api/health/live")).status_code == 200
    tracks = await api.get("/api/v1/tracks")
    assert (tracks.status_code, tracks.json()["total"]) == (200, 1)


async def test_a_short_retry_after_on_search_creation_is_waited_in_place(
    tmp_path: Path, db_url: str
) -> None:
    async with pipeline_with_api(tmp_path, db_url, network()) as (pipe, _, _):
        pipe.slskd_faults.replace([fault(CREATE_SEARCH, status=429, retry_after=0.2, times=1)])
        track_id, job_id = await _want(pipe)
        await _done(pipe, track_id)
        assert (await job_row(pipe.db, job_id)).attempts == 1
        assert pipe.slskd_faults.describe() == []


# A search is created by a POST, which the gateway never replays after the request may have
# reached slskd (a drop, a timeout); a 5xx is replayed, up to the attempts. Then the job retries.
LASTING: dict[str, tuple[dict[str, Any], str, bool]] = {
    "5xx": ({"status": 503}, "SlskdServerError", True),
    "connection_drop": ({"drop": True}, "ConnectionDropped", False),
    "slow": ({"delay_ms": 2000}, "timed out", False),
}


@pytest.mark.parametrize(("rule", "reason", "recover"), LASTING.values(), ids=LASTING.keys())
async def test_a_failing_search_creation_reschedules_the_search(
    tmp_path: Path, db_url: str, rule: dict[str, Any], reason: str, recover: bool
) -> None:
    async with pipeline_with_api(tmp_path, db_url, network()) as (pipe, api, _):
        pipe.slskd_faults.replace([fault(CREATE_SEARCH, **rule)])
        track_id, job_id = await _want(pipe)
        job = await _ran(pipe, job_id, attempts=1)
        assert job.status == "queued"
        assert reason in (job.last_error or "")
        assert (await _track(pipe, track_id)).state in ("wanted", "searching")
        snap = await pipe.providers.gateway.snapshot("slskd")
        assert (snap.circuit, snap.consecutive_failures) == ("closed", 1)
        assert "POST /api/v0/searches" in (snap.last_error or "")
        await _assert_serving(api)
        if recover:  # the same path for every fault: shown once, to keep the package fast
            pipe.slskd_faults.clear()
            await _hurry(pipe, job_id)
            await _done(pipe, track_id)


async def test_a_long_5xx_burst_opens_the_slskd_circuit(tmp_path: Path, db_url: str) -> None:
    async with pipeline_with_api(tmp_path, db_url, network()) as (pipe, api, clock):
        pipe.slskd_faults.replace([fault(CREATE_SEARCH, status=503)])
        track_id, job_id = await _want(pipe)
        await _ran(pipe, job_id, attempts=1)
        await _hurry(pipe, job_id)
        await _ran(pipe, job_id, attempts=2)
        health = await _slskd_health(api)
        assert (health["status"], health["circuit"]) == ("down", "open")
        ready = await api.get("/api/health/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["slskd"]["status"] == "fail"
        await _assert_serving(api)

        await _hurry(pipe, job_id)  # fails fast, and waits for the circuit's cool-off
        job = await _ran(pipe, job_id, attempts=3)
        assert job.status == "queued"
        assert "circuit" in (job.last_error or "")
        assert job.available_at >= utcnow() + timedelta(seconds=30)

        pipe.slskd_faults.clear()
        clock.advance(61)
        await _hurry(pipe, job_id)
        await _done(pipe, track_id)
        health = await _slskd_health(api)
        assert (health["status"], health["circuit"]) == ("ok", "closed")


async def test_a_long_retry_after_pauses_searches_and_reschedules(
    tmp_path: Path, db_url: str
) -> None:
    async with pipeline_with_api(tmp_path, db_url, network()) as (pipe, api, _):
        pipe.slskd_faults.replace([fault(CREATE_SEARCH, status=429, retry_after=600)])
        track_id, job_id = await _want(pipe)
        job = await _ran(pipe, job_id, attempts=1)
        assert job.status == "queued"
        assert "rate limited" in (job.last_error or "")
        assert job.available_at >= utcnow() + timedelta(seconds=500)
        assert (await _track(pipe, track_id)).state in ("wanted", "searching")
        health = await _slskd_health(api)
        assert (health["status"], health["circuit"]) == ("degraded", "closed")
        assert "rate limited" in health["last_error"]
        ready = await api.get("/api/health/ready")
        assert ready.status_code == 200, ready.text
        await _assert_serving(api)

        pipe.slskd_faults.clear()
        await _hurry(pipe, job_id)  # the searches' shared back-off holds it: nothing is sent

        async def snoozed() -> bool:
            job = await job_row(pipe.db, job_id)
            return job.status == "queued" and job.last_error == "waiting for a search slot"

        await wait_for(snoozed, timeout=10)
        job = await job_row(pipe.db, job_id)
        assert job.available_at >= utcnow() + timedelta(seconds=500)
        assert (await _track(pipe, track_id)).state in ("wanted", "searching")


async def test_stalled_erroring_and_vanishing_transfers_give_way_to_the_next_candidate(
    tmp_path: Path, db_url: str
) -> None:
    traps = network("stall", "error", "vanish")
    async with pipeline_with_api(tmp_path, db_url, traps) as (pipe, api, _):
        # slskd's own retries of a failed transfer play out within a few polls (the stall
        # timeout is one real second): emulator time moves 0.1 s per read.
        pipe.slskd_app.state.slskd.timeline.clock.step = 0.1
        track_id, _ = await _want(pipe)
        await _done(pipe, track_id, timeout=30)
        async with pipe.db.transaction(readonly=True) as session:
            rows = (await session.execute(select(Download))).scalars().all()
        tried = {d.username: (d.state, d.error or "") for d in rows}
        assert tried["honest"][0] == "done"
        assert {user: state for user, (state, _) in tried.items() if user != "honest"} == {
            "stall": "failed",
            "error": "failed",
            "vanish": "failed",
        }
        assert "stalled" in tried["stall"][1]
        assert "Remote connection closed" in tried["error"][1]
        assert "appears to be offline" in tried["vanish"][1]
        await _assert_serving(api)
        health = await _slskd_health(api)
        assert (health["status"], health["circuit"]) == ("ok", "closed")


async def test_a_search_that_never_completes_ends_the_round_and_searches_again_later(
    tmp_path: Path, db_url: str
) -> None:
    stuck = network(search_delay_ms=10**9)  # slskd never reports the search complete
    async with pipeline_with_api(tmp_path, db_url, stuck, acquisition_research_delay_s=900) as (
        pipe,
        api,
        _,
    ):
        track_id, job_id = await _want(pipe)
        job = await _ran(pipe, job_id, attempts=1)  # bounded: slskd_search_timeout_ms x 3 + 10 s
        assert job.status == "succeeded"
        track = await _track(pipe, track_id)
        assert track.state == "wanted"
        assert "searching again" in (track.reason or "")
        assert "did not complete" in str(track.details.get("last_failure"))
        async with pipe.db.transaction(readonly=True) as session:
            query = select(Job).where(Job.type == "acquire.search", Job.status == "queued")
            again = (await session.execute(query)).scalar_one()
        assert again.available_at >= utcnow() + timedelta(seconds=800)
        searches = await _emulator_searches(pipe)
        assert [s["state"] for s in searches] == ["Completed, Cancelled"]  # one, given up
        await _assert_serving(api)


async def _emulator_searches(pipe: Pipeline) -> list[dict[str, Any]]:
    transport = httpx.ASGITransport(app=pipe.slskd_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://slskd.test") as http:
        answer = await http.get("/api/v0/searches", headers={"X-API-Key": SLSKD_KEY})
    assert answer.status_code == 200, answer.text
    searches: list[dict[str, Any]] = answer.json()
    return searches
