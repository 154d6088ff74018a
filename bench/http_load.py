"""HTTP load on the real server: cached/uncached GETs, 304s, writes, against a bare-app ceiling.

Usage: ``.venv/bin/python bench/http_load.py [--backend sqlite|postgres] [--clients 50]
[--requests 3000] [--seconds 15] [--pg-url URL]``

Spawns ``tonearm serve`` on a free loopback port (SQLite in a temporary data dir, or a scratch
PostgreSQL database created and dropped on ``--pg-url`` / ``TONEARM_TEST_POSTGRES_URL``), and a
bare FastAPI "hello" app on the same uvicorn settings. One asyncio httpx load generator runs
each kind of request in turn (bounded by count and time, loopback only) and prints p50/p99 and
requests/s per kind; the cached GET and the ceiling run in three alternating rounds and each
side's median round gives the ratio; then the idle RSS of ``tonearm serve`` and its
start-up time (spawn → ``/api/health/live`` answers; the first start includes migrations; the
best of three restarts is the figure compared with the target, all three are printed). The
cached route is discovered from the OpenAPI: the first GET answering 200 with an ``ETag``,
preferring a seeded artist's page; without one the best uncached GET stands in and the output
says so. Final line: JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds modules named like the standard library (queue.py): keep it off the path.
sys.path.remove(str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import textwrap
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import psutil
from tests.support.databases import scratch_postgres

API_KEY = "bench-api-key-" + uuid.uuid4().hex
SEEDED_ARTIST = "spotify:4Z8W4fKeB5YxbusRsdQVPb"
PREFERRED_CACHED = (f"/api/v1/artists/{SEEDED_ARTIST}", "/api/v1/spotify/playlists")
UNCACHED = "/api/v1/settings"
STARTUP_SAMPLES = 3  # restarts timed; the host's speed varies from one second to the next
# The cached GET and the bare ceiling alternate over several rounds and each side's median round
# counts: measured once each, minutes apart, a change in the host's speed between the two would
# decide the ratio.
CEILING_ROUNDS = 3
TARGETS = {"cached_ratio": 0.5, "cached_p99_ms": 50.0, "idle_rss_mb": 150.0, "startup_s": 2.0}
HELLO_APP = textwrap.dedent(
    """
    import sys
    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return {"hello": "world"}

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_config=None,
                access_log=False, timeout_graceful_shutdown=10, ws="none")
    """
)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A spawned server process and where it listens."""

    process: subprocess.Popen[bytes]
    base_url: str
    startup_s: float

    def rss_mb(self) -> float:
        """Resident memory of the process and its children, in MiB."""
        proc = psutil.Process(self.process.pid)
        procs = [proc, *proc.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs) / 2**20

    def stop(self) -> None:
        """Ask the process to stop; kill it if it does not."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def wait_live(base_url: str, path: str, started: float, process: subprocess.Popen[bytes]) -> float:
    """Poll ``path`` until it answers 200; returns seconds since ``started``."""
    deadline = started + 60
    with httpx.Client(base_url=base_url, timeout=1) as client:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            try:
                if client.get(path).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.01)
    raise RuntimeError("server did not answer within 60 s")


def spawn_tonearm(env: dict[str, str], log: Path) -> Server:
    """Start ``tonearm serve`` and wait until it is live."""
    port = free_port()
    tonearm = str(Path(sys.executable).with_name("tonearm"))
    started = time.perf_counter()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [tonearm, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=out,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        return Server(process, base, wait_live(base, "/api/health/live", started, process))
    except RuntimeError:
        print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
        raise


def spawn_hello(folder: Path) -> Server:
    """Start the bare FastAPI app on the same uvicorn settings."""
    script = folder / "hello_app.py"
    script.write_text(HELLO_APP)
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(script), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    return Server(process, base, wait_live(base, "/hello", started, process))


@dataclass
class KindResult:
    """Latency and throughput of one kind of request."""

    kind: str
    route: str
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p99_ms: float

    def line(self) -> str:
        """One line for a person."""
        return (
            f"{self.kind:<14} {self.route:<34} {self.requests:>6} req  {self.rps:>8.0f} req/s  "
            f"p50 {self.p50_ms:6.2f} ms  p99 {self.p99_ms:6.2f} ms  errors {self.errors}"
        )


class Connection:
    """A minimal keep-alive HTTP/1.1 client on asyncio streams (a lighter generator than
    httpx, so the figures measure the server rather than the load generator)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
        """Send one request, read the whole response; returns the status code."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines += [f"Content-Length: {len(body)}", "", ""]
        self.writer.write("\r\n".join(lines).encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length:
            await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        """Close the socket."""
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


@dataclass(frozen=True)
class Call:
    """What one kind sends: method, path, extra headers and a body maker."""

    method: str
    path: str
    headers: dict[str, str]
    body: Callable[[int], bytes] = lambda _i: b""


async def drive(
    base_url: str, call: Call, expect: int, clients: int, total: int, seconds: float
) -> tuple[list[float], int, float]:
    """Send ``call`` from ``clients`` keep-alive connections until ``total`` or ``seconds``."""
    host, port = base_url.removeprefix("http://").split(":")
    headers = {"X-API-Key": API_KEY, **call.headers}
    if call.method != "GET":
        headers["Content-Type"] = "application/json"
    connections = [Connection(host, int(port)) for _ in range(clients)]
    latencies: list[float] = []
    errors = 0
    counter = iter(range(10**9))
    for conn in connections:  # open and warm every connection (and the cache)
        await conn.request(call.method, call.path, headers, call.body(next(counter)))
    started = time.perf_counter()
    deadline = started + seconds
    remaining = total

    async def loop(conn: Connection) -> None:
        nonlocal remaining, errors
        while remaining > 0 and time.perf_counter() < deadline:
            remaining -= 1
            body = call.body(next(counter))
            t0 = time.perf_counter()
            status = await conn.request(call.method, call.path, headers, body)
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += status != expect

    try:
        await asyncio.gather(*(loop(conn) for conn in connections))
    finally:
        elapsed = time.perf_counter() - started
        for conn in connections:
            await conn.close()
    return latencies, errors, elapsed


def summarise(kind: str, route: str, run: tuple[list[float], int, float]) -> KindResult:
    """Percentiles and rate of one run."""
    latencies, errors, elapsed = run
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return KindResult(
        kind, route, len(latencies), errors, len(latencies) / elapsed, cuts[49], cuts[98]
    )


def find_cached_route(base_url: str) -> tuple[str | None, str | None]:
    """The cached list route (answering 200 with an ETag) and its ETag, if there is one."""
    with httpx.Client(base_url=base_url, headers={"X-API-Key": API_KEY}, timeout=10) as http:
        paths = http.get("/openapi.json").json()["paths"]
        candidates = [p for p in PREFERRED_CACHED if p in paths or p.startswith("/api/v1/artists/")]
        candidates += sorted(
            p
            for p, ops in paths.items()
            if "get" in ops and "{" not in p and p not in candidates and "/health" not in p
        )
        for path in candidates:
            response = http.get(path)
            if response.status_code == 200 and response.headers.get("etag"):
                return path, response.headers["etag"]
    return None, None


def _write_body(i: int) -> bytes:
    template = "{album_artist}/{album}/{disc_track} - {title} " + str(i % 7) + ".{ext}"
    return json.dumps({"path_template": template}).encode()


def run_kinds(base_url: str, args: argparse.Namespace) -> tuple[list[KindResult], bool]:
    """Every kind of request against the Tonearm server; also whether a cached route exists."""
    cached_route, etag = find_cached_route(base_url)
    route = cached_route or UNCACHED
    n, c, s = args.requests, args.clients, args.seconds
    kinds = [
        ("cached GET", Call("GET", route, {}), 200, c, n),
        ("uncached GET", Call("GET", UNCACHED, {}), 200, c, n),
    ]
    if etag:
        kinds.append(("304 revalidate", Call("GET", route, {"If-None-Match": etag}), 304, c, n))
    kinds.append(
        ("write PATCH", Call("PATCH", UNCACHED, {}, _write_body), 200, min(c, 10), max(n // 5, 50))
    )
    results = []
    for kind, call, expect, clients, total in kinds:
        run = asyncio.run(drive(base_url, call, expect, clients, total, s))
        results.append(summarise(kind, call.path, run))
    return results, cached_route is not None


def alternate_with_ceiling(
    base_url: str, hello_url: str, cached_route: str, args: argparse.Namespace
) -> tuple[KindResult, KindResult]:
    """The cached GET and the bare hello in alternating rounds; each side's median round."""
    n, c, s = args.requests, args.clients, args.seconds
    cached_rounds, hello_rounds = [], []
    for _ in range(CEILING_ROUNDS):
        cached_run = asyncio.run(drive(base_url, Call("GET", cached_route, {}), 200, c, n, s))
        cached_rounds.append(summarise("cached GET", cached_route, cached_run))
        hello_run = asyncio.run(drive(hello_url, Call("GET", "/hello", {}), 200, c, n, s))
        hello_rounds.append(summarise("bare hello", "/hello", hello_run))
    return _median_round(cached_rounds), _median_round(hello_rounds)


def _median_round(rounds: list[KindResult]) -> KindResult:
    by_rate = sorted(rounds, key=lambda result: result.rps)
    return by_rate[len(by_rate) // 2]


async def seed_artist(env: dict[str, str]) -> None:
    """One artist row, so the cached artist route answers 200 without Spotify credentials."""
    from tonearm.config import Settings
    from tonearm.db import Database
    from tonearm.db.models import Artist

    settings = Settings(
        data_dir=Path(env["TONEARM_DATA_DIR"]), database_url=env.get("TONEARM_DATABASE_URL")
    )
    db = Database(settings.resolved_database_url)
    try:
        async with db.transaction() as session:
            key = SEEDED_ARTIST
            session.add(Artist(key=key, spotify_id=key.split(":")[1], name="Radiohead"))
    finally:
        await db.dispose()


def bench(args: argparse.Namespace, folder: Path, database_url: str | None) -> dict[str, object]:
    """Start-up, idle memory, load and ceiling; returns the figures."""
    env = {**os.environ, "TONEARM_DATA_DIR": str(folder / "data"), "TONEARM_API_KEY": API_KEY}
    env = {k: v for k, v in env.items() if not k.startswith("TONEARM_") or k in env}
    if database_url:
        env["TONEARM_DATABASE_URL"] = database_url
    log = folder / "serve.log"
    first = spawn_tonearm(env, log)  # fresh database: includes the migrations
    first.stop()
    asyncio.run(seed_artist(env))
    restarts = []
    for _ in range(STARTUP_SAMPLES - 1):
        probe = spawn_tonearm(env, log)
        restarts.append(probe.startup_s)
        probe.stop()
    server = spawn_tonearm(env, log)
    restarts.append(server.startup_s)
    hello: Server | None = None
    try:
        time.sleep(2.0)  # let start-up work settle before reading idle memory
        idle_rss = server.rss_mb()
        results, has_cache = run_kinds(server.base_url, args)
        hello = spawn_hello(folder)
        results[0], ceiling = alternate_with_ceiling(
            server.base_url, hello.base_url, results[0].route, args
        )
    finally:
        server.stop()
        if hello is not None:
            hello.stop()
    cached = results[0]
    return {
        "results": results,
        "ceiling": ceiling,
        "has_cache": has_cache,
        "idle_rss_mb": idle_rss,
        "startup_first_s": first.startup_s,
        "startup_s": min(restarts),
        "startup_samples_s": restarts,
        "ratio": cached.rps / ceiling.rps,
    }


def report(backend: str, figures: dict[str, object], clients: int) -> dict[str, object]:
    """Print the figures for a person; return the final JSON object."""
    results: list[KindResult] = figures["results"]  # type: ignore[assignment]
    ceiling: KindResult = figures["ceiling"]  # type: ignore[assignment]
    print(f"backend: {backend}, {clients} concurrent clients, loopback")
    if not figures["has_cache"]:
        print("note: no cached route answers yet; 'cached GET' is the best uncached GET")
    for result in [*results, ceiling]:
        print(result.line())
    cached = results[0]
    ratio = float(figures["ratio"])  # type: ignore[arg-type]
    print(f"cached GET / bare ceiling: {ratio:.0%} (target >= {TARGETS['cached_ratio']:.0%})")
    print(f"cached GET p99: {cached.p99_ms:.1f} ms (target < {TARGETS['cached_p99_ms']:.0f} ms)")
    print(f"idle RSS: {figures['idle_rss_mb']:.1f} MiB (target < {TARGETS['idle_rss_mb']:.0f})")
    samples: list[float] = figures["startup_samples_s"]  # type: ignore[assignment]
    print(
        f"start-up: {figures['startup_s']:.2f} s, best of {len(samples)} restarts "
        f"({', '.join(f'{s:.2f}' for s in samples)} s; first start with migrations "
        f"{figures['startup_first_s']:.2f} s; target < {TARGETS['startup_s']:.0f} s)"
    )
    return {
        "backend": backend,
        "clients": clients,
        "cached_route": cached.route if figures["has_cache"] else None,
        "kinds": {
            r.kind: {
                "route": r.route,
                "rps": round(r.rps),
                "p50_ms": round(r.p50_ms, 2),
                "p99_ms": round(r.p99_ms, 2),
                "requests": r.requests,
                "errors": r.errors,
            }
            for r in results
        },
        "ceiling_rps": round(ceiling.rps),
        "cached_ratio": round(ratio, 3),
        "idle_rss_mb": round(float(figures["idle_rss_mb"]), 1),  # type: ignore[arg-type]
        "startup_s": round(float(figures["startup_s"]), 3),  # type: ignore[arg-type]
        "startup_first_s": round(float(figures["startup_first_s"]), 3),  # type: ignore[arg-type]
        "startup_samples_s": [round(s, 3) for s in samples],
        "targets_met": {
            "cached_ratio": ratio >= TARGETS["cached_ratio"],
            "cached_p99": cached.p99_ms < TARGETS["cached_p99_ms"],
            "idle_rss": float(figures["idle_rss_mb"]) < TARGETS["idle_rss_mb"],  # type: ignore[arg-type]
            "startup": float(figures["startup_s"]) < TARGETS["startup_s"],  # type: ignore[arg-type]
        },
    }


def main() -> int:
    """Parse arguments, run the benchmark, print the figures and the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--pg-url", default=os.environ.get("TONEARM_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tonearm-load-"))
    try:
        if args.backend == "postgres":
            if not args.pg_url:
                raise SystemExit("--pg-url or TONEARM_TEST_POSTGRES_URL is required")
            with scratch_postgres(args.pg_url) as url:
                figures = bench(args, folder, url)
        else:
            figures = bench(args, folder, None)
        print(json.dumps(report(args.backend, figures, args.clients)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
