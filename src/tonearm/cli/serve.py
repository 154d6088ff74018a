"""``serve``, ``worker`` and ``migrate``."""

from __future__ import annotations

import asyncio
import signal
from typing import Annotated

import typer
import uvicorn

from tonearm.app import (
    build_services,
    create_app,
    job_services,
    wire_background,
    worker_options,
)
from tonearm.cli.common import load_settings
from tonearm.config import Settings
from tonearm.db.migrate import upgrade
from tonearm.domain.jobs import load_tasks
from tonearm.orchestrator import Scheduler, Worker
from tonearm.security import ensure_api_key

__all__ = ["migrate", "run_worker", "serve", "worker"]


def _announce_key(settings: Settings) -> None:
    key = ensure_api_key(settings)
    if key.source == "env":
        typer.echo("API key: from TONEARM_API_KEY")
    elif key.created:
        typer.echo(f"API key (generated, shown once): {key.value}")
        typer.echo(f"API key stored in {key.source} (see it again: tonearm apikey show)")
    else:
        typer.echo(f"API key stored in {key.source} (tonearm apikey show)")


def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    no_migrate: Annotated[bool, typer.Option("--no-migrate", help="Skip migrations.")] = False,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="API only: no embedded worker or scheduler.")
    ] = False,
) -> None:
    """Serve the API and UI (with an embedded worker and scheduler by default)."""
    overrides: dict[str, object] = {"host": host, "port": port}
    if no_worker:
        overrides["embedded_worker"] = False
    settings = load_settings(**overrides)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    _announce_key(settings)
    if settings.migrate_on_start and not no_migrate:
        upgrade(settings.resolved_database_url)
    typer.echo(f"Tonearm listening on http://{settings.host}:{settings.port}/")
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
        ws="none",  # no WebSocket route: the protocol module need not load
    )


def migrate() -> None:
    """Apply every pending database migration."""
    settings = load_settings()
    upgrade(settings.resolved_database_url)
    typer.echo("database is up to date")


def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="Jobs run at once (default: TONEARM_WORKER_CONCURRENCY).")
    ] = None,
    queues: Annotated[
        str | None, typer.Option(help="Comma-separated queues to serve (default: all).")
    ] = None,
    no_scheduler: Annotated[
        bool, typer.Option("--no-scheduler", help="Do not fire periodic schedules.")
    ] = False,
) -> None:
    """Run background workers only (no HTTP); SIGTERM finishes or releases running jobs."""
    settings = load_settings()
    queue_list = [q.strip() for q in (queues or "").split(",") if q.strip()] or None
    asyncio.run(
        run_worker(
            settings,
            concurrency=concurrency or settings.worker_concurrency,
            queues=queue_list,
            with_scheduler=not no_scheduler,
        )
    )


async def run_worker(
    settings: Settings, *, concurrency: int, queues: list[str] | None, with_scheduler: bool
) -> None:
    """Run one worker (and the scheduler) until SIGTERM or SIGINT."""
    services = build_services(settings)
    wire_background(services)
    db = services.db
    registry = load_tasks()
    job_worker = Worker(
        db,
        registry,
        concurrency=concurrency,
        queues=queues,
        services=job_services(services),
        metrics=services.metrics,
        options=worker_options(settings),
    )
    scheduler = Scheduler(db, registry.schedules)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, job_worker.request_stop)
    try:
        if with_scheduler:
            await scheduler.start()
        await job_worker.run()
    finally:
        if with_scheduler:
            await scheduler.stop()
        for stop in reversed(services.extras.get("on_shutdown", [])):
            await stop()
        await db.dispose()
