"""Job queue benchmark: enqueue N no-op jobs, drain them with W worker processes.

Usage::

    .venv/bin/python bench/queue.py --backend sqlite --jobs 5000 --workers 2 [--peers]
    .venv/bin/python bench/queue.py --backend postgres --jobs 5000 --workers 2 [--peers]

``postgres`` uses ``TONEARM_DATABASE_URL`` (default the local server's ``test`` database) only
to create and drop its own scratch databases. Workers are started first and wait for a start
signal, so process start-up is not counted. Prints one final JSON line
``{"backend", "jobs", "workers", "enqueue_per_s", "drain_per_s", "lease_p50_ms",
"lease_p99_ms"}``; ``--peers`` runs the same workload on huey's SqliteHuey (sqlite) or
procrastinate (postgres) and adds ``"peer", "peer_drain_per_s", "ratio"``. Lease latency is
the time one claim transaction takes, per leased job. Workers log at WARNING (peers too).
"""

from __future__ import annotations

import sys

# This file is named like the standard library's ``queue``: never let it shadow that module.
if sys.path and sys.path[0] == __import__("os").path.dirname(
    __import__("os").path.abspath(__file__)
):
    sys.path.pop(0)

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve()
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CONCURRENCY = 32


# ---- scratch databases -----------------------------------------------------------------------


def _pg_admin(sql: str) -> None:
    admin = make_url(os.environ.get("TONEARM_DATABASE_URL", DEFAULT_PG))
    engine = create_engine(admin.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def _pg_scratch() -> str:
    name = f"tonearm_bench_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    admin = make_url(os.environ.get("TONEARM_DATABASE_URL", DEFAULT_PG))
    return admin.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def _pg_drop(url: str) -> None:
    _pg_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


# ---- workers ---------------------------------------------------------------------------------


def _spawn(args: list[str], count: int) -> list[subprocess.Popen[str]]:
    procs = [
        subprocess.Popen([sys.executable, str(HERE), *args], stdout=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    return procs


def _go(procs: list[subprocess.Popen[str]]) -> float:
    started = time.perf_counter()
    for proc in procs:
        assert proc.stdin is None
        os.kill(proc.pid, 10)  # SIGUSR1: start
    return started


def _finish(procs: list[subprocess.Popen[str]]) -> list[dict[str, Any]]:
    reports = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


async def _tonearm_child(url: str) -> None:
    import signal

    from tonearm.db import Database
    from tonearm.observability import configure_logging
    from tonearm.orchestrator import TaskRegistry, Worker, WorkerOptions
    from tonearm.orchestrator import worker as worker_module

    configure_logging("WARNING", "json")
    registry = TaskRegistry()

    @registry.task("bench.noop")
    async def noop(ctx: Any) -> None:
        return None

    claims: list[float] = []
    original = worker_module.claim_jobs

    async def timed_claim(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        jobs = await original(*args, **kwargs)
        claims.extend([(time.perf_counter() - began) * 1000] * len(jobs))
        return jobs

    worker_module.claim_jobs = timed_claim  # type: ignore[assignment]
    db = Database(url)
    worker = Worker(
        db,
        registry,
        concurrency=CONCURRENCY,
        options=WorkerOptions(poll_min_s=0.005, poll_max_s=0.05, shutdown_timeout_s=5),
    )
    loop = asyncio.get_running_loop()
    go = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR1, go.set)
    loop.add_signal_handler(signal.SIGTERM, worker.request_stop)
    print("ready", flush=True)
    await go.wait()
    await worker.run()
    await db.dispose()
    print(json.dumps({"lease_ms": claims}), flush=True)


def _huey_child(path: str) -> None:
    import signal

    from huey import SqliteHuey

    huey = SqliteHuey(filename=path, results=False)

    @huey.task()
    def noop() -> None:
        return None

    started = False

    def go(*_: Any) -> None:
        nonlocal started
        started = True

    signal.signal(signal.SIGUSR1, go)
    print("ready", flush=True)
    while not started:
        signal.pause()
    done = 0
    while True:
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        done += 1
    print(json.dumps({"done": done}), flush=True)


def _procrastinate_app(url: str) -> Any:
    import procrastinate

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo))

    @app.task(name="noop", queue="default")
    async def noop() -> None:
        return None

    return app


async def _procrastinate_child(url: str) -> None:
    import logging
    import signal

    logging.basicConfig(level=logging.WARNING)
    app = _procrastinate_app(url)
    go = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, go.set)
    async with app.open_async():
        print("ready", flush=True)
        await go.wait()
        await app.run_worker_async(
            concurrency=CONCURRENCY, wait=False, install_signal_handlers=False
        )
    print(json.dumps({"done": True}), flush=True)


# ---- runs ------------------------------------------------------------------------------------


async def _enqueue_tonearm(url: str, jobs: int) -> float:
    from tonearm.db import Database
    from tonearm.orchestrator import enqueue

    db = Database(url)
    began = time.perf_counter()
    for start in range(0, jobs, 500):
        async with db.transaction() as session:
            for i in range(start, min(jobs, start + 500)):
                await enqueue(session, "bench.noop", {"i": i})
    elapsed = time.perf_counter() - began
    await db.dispose()
    return jobs / elapsed


def _succeeded(url: str) -> int:
    engine = create_engine(url.replace("+aiosqlite", ""))
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(text("SELECT COUNT(*) FROM job WHERE status='succeeded'")).scalar_one()
            )
    finally:
        engine.dispose()


def run_tonearm(url: str, jobs: int, workers: int) -> dict[str, Any]:
    from tonearm.db.migrate import upgrade

    upgrade(url)
    enqueue_rate = asyncio.run(_enqueue_tonearm(url, jobs))
    procs = _spawn(["--child", "tonearm", url], workers)
    started = _go(procs)
    while _succeeded(url) < jobs:
        time.sleep(0.01)
    drain = jobs / (time.perf_counter() - started)
    for proc in procs:
        proc.terminate()
    leases = sorted(ms for r in _finish(procs) for ms in r["lease_ms"])
    return {
        "enqueue_per_s": round(enqueue_rate, 1),
        "drain_per_s": round(drain, 1),
        "lease_p50_ms": round(statistics.median(leases), 3),
        "lease_p99_ms": round(leases[min(len(leases) - 1, int(len(leases) * 0.99))], 3),
    }


def run_huey(folder: Path, jobs: int, workers: int) -> float:
    from huey import SqliteHuey

    path = str(folder / "huey.db")
    huey = SqliteHuey(filename=path, results=False)

    @huey.task()
    def noop() -> None:
        return None

    for _ in range(jobs):
        noop()
    procs = _spawn(["--child", "huey", path], workers)
    started = _go(procs)
    reports = _finish(procs)
    elapsed = time.perf_counter() - started
    assert sum(r["done"] for r in reports) == jobs
    return jobs / elapsed


def run_procrastinate(url: str, jobs: int, workers: int) -> float:
    app = _procrastinate_app(url)

    async def setup() -> None:
        async with app.open_async():
            await app.schema_manager.apply_schema_async()
            task = app.tasks["noop"]
            for start in range(0, jobs, 500):
                await task.batch_defer_async(*({} for _ in range(start, min(jobs, start + 500))))

    asyncio.run(setup())
    procs = _spawn(["--child", "procrastinate", url], workers)
    started = _go(procs)
    _finish(procs)
    return jobs / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--peers", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, target = args.child
        if kind == "tonearm":
            asyncio.run(_tonearm_child(target))
        elif kind == "huey":
            _huey_child(target)
        else:
            asyncio.run(_procrastinate_child(target))
        return
    result: dict[str, Any] = {"backend": args.backend, "jobs": args.jobs, "workers": args.workers}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.backend == "sqlite":
            result.update(
                run_tonearm(f"sqlite+aiosqlite:///{folder / 'bench.db'}", args.jobs, args.workers)
            )
            if args.peers:
                result.update(
                    peer="huey",
                    peer_drain_per_s=round(run_huey(folder, args.jobs, args.workers), 1),
                )
        else:
            url = _pg_scratch()
            try:
                result.update(run_tonearm(url, args.jobs, args.workers))
            finally:
                _pg_drop(url)
            if args.peers:
                peer_url = _pg_scratch()
                try:
                    rate = run_procrastinate(peer_url, args.jobs, args.workers)
                finally:
                    _pg_drop(peer_url)
                result.update(peer="procrastinate", peer_drain_per_s=round(rate, 1))
    if "peer_drain_per_s" in result:
        result["ratio"] = round(result["drain_per_s"] / result["peer_drain_per_s"], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
