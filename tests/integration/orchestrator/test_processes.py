"""Worker processes: crashes, several hosts, limits across processes, graceful shutdown."""

from __future__ import annotations

import asyncio
import random
import signal
import subprocess
import time
from collections import Counter

import pytest

from tests.integration.orchestrator.processes import (
    create_test_tables,
    query,
    start_worker,
    stop_all,
)
from tonearm.db import Database
from tonearm.orchestrator import enqueue

pytestmark = pytest.mark.slow


async def _enqueue(url: str, job_type: str, count: int, **kwargs: object) -> list[int]:
    db = Database(url)
    try:
        ids = []
        async with db.transaction() as session:
            for i in range(count):
                result = await enqueue(session, job_type, {"i": i}, max_attempts=100, **kwargs)  # type: ignore[arg-type]
                ids.append(result.job.id)
        return ids
    finally:
        await db.dispose()


def _statuses(url: str) -> dict[str, int]:
    return {
        str(s): int(n) for s, n in query(url, "SELECT status, COUNT(*) FROM job GROUP BY status")
    }  # type: ignore[call-overload]


async def _until(condition: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        await asyncio.sleep(0.05)


async def test_sigkilled_workers_lose_nothing_and_duplicate_nothing(db_url: str) -> None:
    create_test_tables(db_url)
    total = 240
    await _enqueue(db_url, "t.effect", total)
    args = ("--lease-s", "1.0", "--concurrency", "4")
    workers = [start_worker(db_url, *args) for _ in range(3)]
    everyone = list(workers)
    rng = random.Random(7)
    kills = 0
    try:
        await _until(lambda: query(db_url, "SELECT COUNT(*) FROM test_run")[0][0] > 0, 30)
        while kills < 22:
            await asyncio.sleep(rng.uniform(0.02, 0.25))  # random kill moments
            victim = rng.randrange(len(workers))
            workers[victim].send_signal(signal.SIGKILL)
            workers[victim].wait(timeout=10)
            kills += 1
            workers[victim] = start_worker(db_url, *args)
            everyone.append(workers[victim])
        await _until(lambda: _statuses(db_url) == {"succeeded": total}, 90)
    finally:
        stop_all(everyone)
    effects = query(db_url, "SELECT job_id FROM test_effect")
    assert len(effects) == total
    assert kills >= 20
    runs = query(db_url, "SELECT job_id, lease_token FROM test_run")
    assert len(set(runs)) == len(runs)


async def test_four_workers_on_two_hosts_never_run_a_lease_twice(db_url: str) -> None:
    create_test_tables(db_url)
    total = 300
    await _enqueue(db_url, "t.effect", total)
    hosts = [
        ("host-a-1", "host-a"),
        ("host-a-2", "host-a"),
        ("host-b-1", "host-b"),
        ("host-b-2", "host-b"),
    ]
    workers = [
        start_worker(db_url, "--worker-id", wid, "--hostname", host, "--concurrency", "4")
        for wid, host in hosts
    ]
    try:
        await _until(lambda: _statuses(db_url) == {"succeeded": total}, 60)
    finally:
        stop_all(workers)
    runs = query(db_url, "SELECT job_id, lease_token, worker_id, hostname FROM test_run")
    pairs = Counter((job_id, token) for job_id, token, _, _ in runs)
    assert max(pairs.values()) == 1
    assert len({job_id for job_id, *_ in runs}) == total
    assert {host for *_, host in runs} <= {"host-a", "host-b"}
    owners = {wid for _, _, wid, _ in runs}
    assert len(owners) >= 2


async def test_type_limit_holds_across_processes(db_url: str) -> None:
    create_test_tables(db_url)
    await _enqueue(db_url, "t.limited", 12)
    workers = [start_worker(db_url, "--concurrency", "4") for _ in range(3)]
    try:
        await _until(lambda: _statuses(db_url) == {"succeeded": 12}, 60)
    finally:
        stop_all(workers)
    spans = query(db_url, "SELECT job_id, phase FROM test_span ORDER BY seq")
    assert len(spans) == 24
    for start, end in zip(spans[::2], spans[1::2], strict=True):
        assert start[1] == "start"
        assert end == (start[0], "end")


def _started(url: str) -> bool:
    return bool(query(url, "SELECT COUNT(*) FROM test_span WHERE phase = 'start'")[0][0])


async def test_sigterm_lets_the_running_job_finish(db_url: str) -> None:
    create_test_tables(db_url)
    await _enqueue(db_url, "t.slow", 1)
    worker = start_worker(db_url, "--shutdown-timeout-s", "20")
    try:
        await _until(lambda: _started(db_url), 30)
        worker.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(worker.wait, 30)
    finally:
        stop_all([worker])
    assert code == 0
    assert _statuses(db_url) == {"succeeded": 1}


async def test_sigterm_past_the_deadline_releases_the_lease(db_url: str) -> None:
    create_test_tables(db_url)
    await _enqueue(db_url, "t.slow", 1)
    worker = start_worker(db_url, "--shutdown-timeout-s", "0.3")
    try:
        await _until(lambda: _started(db_url), 30)
        worker.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(worker.wait, 30)
    finally:
        stop_all([worker])
    assert code == 0
    rows = query(db_url, "SELECT status, attempts, lease_token FROM job")
    assert rows == [("queued", 0, None)]


def test_worker_main_is_importable() -> None:
    proc = subprocess.run(
        [__import__("sys").executable, "-c", "import tests.integration.orchestrator.worker_main"],
        cwd=__import__("tests.integration.orchestrator.processes", fromlist=["REPO"]).REPO,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
