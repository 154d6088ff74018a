"""Playlist sync benchmark: a 10,000-track playlist through the real ``playlist.sync`` job.

Usage: ``.venv/bin/python bench/playlist_sync.py [--tracks 10000] [--backend sqlite|postgres]
[--pg-url URL] [--in-process]``

Builds a playlist of ``--tracks`` tracks in the Spotify emulator (a ``tonearm emulate spotify``
process on a loopback port, so its CPU and memory are not Tonearm's; ``--in-process`` serves it
through ``httpx.ASGITransport`` instead, as the test of this file does), authorises the
emulator's user with the OAuth flow (PRO), and runs the ``playlist.sync`` handler in the
orchestrator's ``Worker`` with the same job services as the app (provider gateway, response
cache, encryption box) against a fresh, migrated database: SQLite in a temporary directory, or
a scratch PostgreSQL database created and dropped on ``--pg-url`` /
``TONEARM_TEST_POSTGRES_URL``. The worker runs only the sync handler, on a queue of its own, so
the ``acquire.search`` jobs the sync queues stay queued.

Measures, each from the enqueue to the worker's report of the committed success (wall time,
and this process's CPU time, which host load hardly changes):
- full sync: first sync of the whole playlist (tracks, entries, acquisition jobs);
- unchanged re-sync: the snapshot is unchanged, so no playlist, entry or track row is written
  (counted with a statement listener and reported as ``resync_domain_writes``);
- peak RSS growth during the full sync: psutil's RSS of this process sampled every 5 ms by a
  thread, peak minus the value just before the job is queued (with ``--in-process`` the
  emulator's response building counts too).

Prints lines for a person and one final JSON line ``{"backend", "tracks", "full_sync_s",
"full_sync_cpu_s", "resync_s", "resync_cpu_s", "resync_domain_writes", "rss_growth_mb",
"rss_method", "loadavg_1m", "targets", "verdicts", "pass"}`` (targets apply to wall time).
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds modules named like the standard library (queue.py): keep it off the path.
if str(Path(__file__).resolve().parent) in sys.path:
    sys.path.remove(str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import asyncio
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import httpx
import psutil
from sqlalchemy import event, func, select
from tests.integration.integrations.spotify.factories import (
    BIG_PLAYLIST_ID,
    create_spotify_data,
    write_data,
)
from tests.integration.providers.emulated import (
    SPOTIFY_URL,
    RoutingTransport,
    create_provider_settings,
)
from tests.support.databases import scratch_postgres

from tonearm.api.deps import Services
from tonearm.app import build_services, job_services, wire_background
from tonearm.db.models import PlaylistEntry
from tonearm.domain.jobs import registry as domain_registry
from tonearm.domain.playlists.tasks import SYNC_JOB, enqueue_playlist_sync
from tonearm.domain.spotify import complete_authorization, start_authorization
from tonearm.emulators.spotify import create_spotify_emulator
from tonearm.observability import configure_logging
from tonearm.orchestrator import TaskRegistry, Worker, WorkerOptions

TARGETS = {"full_sync_s": 10.0, "resync_s": 0.2, "rss_growth_mb": 150.0}
RSS_METHOD = "psutil RSS sampled every 5 ms: peak during the full sync minus just before"
FAST = WorkerOptions(poll_min_s=0.005, poll_max_s=0.05, listen=False)
# Its own queue, so the worker leaves the ``acquire.search`` jobs the sync queues alone.
BENCH_QUEUE = "bench.playlists"
DOMAIN_TABLES = ("playlist", "playlist_entry", "track")


@dataclass(frozen=True)
class Figures:
    """What one run measured."""

    tracks: int
    full_sync_s: float
    full_sync_cpu_s: float
    resync_s: float
    resync_cpu_s: float
    resync_domain_writes: int
    rss_growth_mb: float
    entries: int

    def verdicts(self) -> dict[str, bool]:
        """Each target met or not."""
        return {
            "full_sync_s": self.full_sync_s < TARGETS["full_sync_s"],
            "resync_s": self.resync_s < TARGETS["resync_s"] and self.resync_domain_writes == 0,
            "rss_growth_mb": self.rss_growth_mb < TARGETS["rss_growth_mb"],
        }


class RssSampler:
    """Peak RSS of this process, sampled by a thread while active."""

    def __init__(self, every_s: float = 0.005) -> None:
        self.every_s = every_s
        self.process = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> RssSampler:
        self.before = self.process.memory_info().rss
        self.peak = self.before
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth_mb(self) -> float:
        """Peak minus the RSS at entry, in MiB."""
        return (self.peak - self.before) / 2**20


def sync_only_registry() -> TaskRegistry:
    """A registry holding only the real ``playlist.sync`` handler, with its real options."""
    import tonearm.domain.playlists.tasks  # noqa: F401 - registers the handler

    return domain_registry.only(SYNC_JOB)


async def authorize(services: Services, browser: httpx.AsyncClient) -> None:
    """The OAuth flow against the emulator (it consents at once): PRO mode."""
    settings = services.settings
    async with services.db.transaction() as session:
        started = await start_authorization(session, settings, services.box)
    consent = await browser.get(started.authorization_url)
    redirected = httpx.URL(consent.headers["location"])
    http = services.extras["providers"].http("spotify")
    code, state = redirected.params["code"], redirected.params["state"]
    await complete_authorization(services.db, services.box, http, settings, code, state)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def emulator_process(data_path: Path, log: Path) -> Iterator[str]:
    """``tonearm emulate spotify`` on a free loopback port; yields its base URL."""
    port = free_port()
    tonearm = str(Path(sys.executable).with_name("tonearm"))
    command = [tonearm, "emulate", "spotify", "--data", str(data_path), "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the emulator did not start: {log.read_text()[-2000:]}")
            try:
                httpx.get(f"{base}/v1/me", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


@asynccontextmanager
async def sync_world(
    folder: Path, database_url: str, tracks: int, *, in_process: bool
) -> AsyncIterator[Services]:
    """The emulator with a ``tracks``-long playlist and the app's job services, authorised.

    ``in_process``: the emulator answers through ``httpx.ASGITransport`` in this process;
    otherwise it is a ``tonearm emulate spotify`` process reached over loopback HTTP.
    """
    data_path = write_data(folder / "spotify.json", create_spotify_data(tracks))
    with ExitStack() as stack:
        if in_process:
            emulator = create_spotify_emulator(data_path)
            base, transport = SPOTIFY_URL, RoutingTransport({"spotify.test": emulator})
            browser = httpx.AsyncClient(transport=httpx.ASGITransport(app=emulator))
        else:
            base = stack.enter_context(emulator_process(data_path, folder / "emulator.log"))
            transport, browser = None, httpx.AsyncClient()
        settings = create_provider_settings(
            folder, database_url, spotify_api_url=f"{base}/v1", spotify_accounts_url=base
        )
        services = build_services(settings)
        if transport is not None:
            services.extras["provider_transport"] = transport
        wire_background(services)
        try:
            async with browser:
                await authorize(services, browser)
            yield services
        finally:
            for stop in reversed(services.extras.get("on_shutdown", [])):
                await stop()
            await services.db.dispose()


@dataclass(frozen=True)
class Timing:
    """Wall and CPU seconds of one sync (CPU: this process, so load on the host hardly counts)."""

    wall_s: float
    cpu_s: float


async def timed_sync(services: Services, worker: Worker) -> Timing:
    """Queue a sync of the playlist and wait until the worker has committed its success.
    Waits on the worker's job counter in memory, so no polling query competes with the job."""
    succeeded = services.metrics.jobs.labels(SYNC_JOB, "succeeded")
    dead = services.metrics.jobs.labels(SYNC_JOB, "dead")
    done_before = succeeded._value.get()
    began, cpu_began = time.perf_counter(), time.process_time()
    async with services.db.transaction() as session:
        await enqueue_playlist_sync(session, BIG_PLAYLIST_ID, queue=BENCH_QUEUE)
    worker.wake()
    deadline = began + 300
    while succeeded._value.get() == done_before:
        if dead._value.get() or time.perf_counter() > deadline:
            raise RuntimeError("the sync job did not succeed")
        await asyncio.sleep(0.002)
    return Timing(time.perf_counter() - began, time.process_time() - cpu_began)


@contextmanager
def domain_writes(services: Services) -> Iterator[list[str]]:
    """Statements writing playlist, entry or track rows while the block runs."""
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        words = statement.lstrip().upper().split(None, 3)
        if words and words[0] in ("INSERT", "UPDATE", "DELETE"):
            target = words[2] if words[0] in ("INSERT", "DELETE") else words[1]
            if target.strip('"').lower() in DOMAIN_TABLES:
                seen.append(statement)

    engines = {services.db.engine.sync_engine, services.db.read_engine.sync_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", before)


async def entry_count(services: Services) -> int:
    """Playlist entries stored."""
    async with services.db.transaction(readonly=True) as session:
        return int((await session.execute(select(func.count(PlaylistEntry.id)))).scalar_one())


async def run_bench(
    folder: Path, database_url: str, tracks: int, *, in_process: bool = False
) -> Figures:
    """Full sync, then an unchanged re-sync, of a ``tracks``-long playlist on ``database_url``
    (already migrated)."""
    async with sync_world(folder, database_url, tracks, in_process=in_process) as services:
        worker = Worker(
            services.db,
            sync_only_registry(),
            concurrency=1,  # nothing else to run: no claim attempts while the sync writes
            queues=[BENCH_QUEUE],
            services=job_services(services),
            metrics=services.metrics,
            options=FAST,
        )
        await worker.start()
        try:
            with RssSampler() as rss:
                full = await timed_sync(services, worker)
            with domain_writes(services) as writes:
                again = await timed_sync(services, worker)
        finally:
            await worker.stop()
        entries = await entry_count(services)
    return Figures(
        tracks,
        full.wall_s,
        full.cpu_s,
        again.wall_s,
        again.cpu_s,
        len(writes),
        rss.growth_mb,
        entries,
    )


def measure(folder: Path, database_url: str, tracks: int, in_process: bool) -> Figures:
    """Migrate ``database_url`` and run the benchmark on it."""
    from tonearm.db.migrate import upgrade

    upgrade(database_url)
    return asyncio.run(run_bench(folder, database_url, tracks, in_process=in_process))


def report(backend: str, figures: Figures) -> dict[str, Any]:
    """Print the figures for a person; the final JSON object."""
    verdicts = figures.verdicts()
    print(f"backend {backend}, {figures.tracks} tracks, {figures.entries} entries stored")
    print(
        f"full sync:         {figures.full_sync_s:.2f} s, CPU {figures.full_sync_cpu_s:.2f} s "
        f"(target < {TARGETS['full_sync_s']} s)"
    )
    print(
        f"unchanged re-sync: {figures.resync_s * 1000:.1f} ms, "
        f"CPU {figures.resync_cpu_s * 1000:.1f} ms, "
        f"{figures.resync_domain_writes} domain writes (target < {TARGETS['resync_s']} s, 0)"
    )
    print(
        f"peak RSS growth:   {figures.rss_growth_mb:.1f} MiB "
        f"(target < {TARGETS['rss_growth_mb']:.0f}; {RSS_METHOD})"
    )
    out = asdict(figures)
    out.update(
        backend=backend,
        full_sync_s=round(figures.full_sync_s, 3),
        full_sync_cpu_s=round(figures.full_sync_cpu_s, 3),
        resync_s=round(figures.resync_s, 4),
        resync_cpu_s=round(figures.resync_cpu_s, 4),
        loadavg_1m=round(os.getloadavg()[0], 2),
        rss_growth_mb=round(figures.rss_growth_mb, 1),
        rss_method=RSS_METHOD,
        targets=TARGETS,
        verdicts=verdicts,
    )
    out["pass"] = all(verdicts.values())
    return out


def main() -> int:
    """Run the benchmark on the chosen backend."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tracks", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("TONEARM_TEST_POSTGRES_URL"))
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="serve the emulator through httpx.ASGITransport in this process",
    )
    args = parser.parse_args()
    configure_logging("WARNING", "json")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.backend == "sqlite":
            url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
            figures = measure(folder, url, args.tracks, args.in_process)
        else:
            if not args.pg_url:
                raise SystemExit("--pg-url or TONEARM_TEST_POSTGRES_URL is required")
            with scratch_postgres(args.pg_url) as url:
                figures = measure(folder, url, args.tracks, args.in_process)
    result = report(args.backend, figures)
    print(json.dumps(result))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
