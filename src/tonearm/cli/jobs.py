"""``tonearm jobs list|show|retry|cancel``: the job admin service from the command line."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.cli.common import load_settings
from tonearm.db import Database
from tonearm.domain import jobs as service
from tonearm.errors import TonearmError

__all__ = ["app"]

app = typer.Typer(help="Inspect and steer background jobs.", no_args_is_help=True)
T = TypeVar("T", bound=BaseModel)


def _run(action: Callable[[AsyncSession], Awaitable[T]], *, readonly: bool = False) -> T:
    settings = load_settings()

    async def go() -> T:
        db = Database(settings.resolved_database_url)
        try:
            async with db.transaction(readonly=readonly) as session:
                return await action(session)
        finally:
            await db.dispose()

    try:
        return asyncio.run(go())
    except TonearmError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from exc


def _print(model: BaseModel) -> None:
    typer.echo(json.dumps(model.model_dump(mode="json"), indent=2))


@app.command("list")
def list_jobs(
    status: Annotated[
        str | None, typer.Option(help="queued|leased|succeeded|dead|cancelled")
    ] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Job type.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List jobs, newest first."""
    page = _run(
        lambda s: service.list_jobs(s, status=status, type_=type_, limit=limit, offset=offset),
        readonly=True,
    )
    if as_json:
        _print(page)
        return
    for job in page.items:
        error = f"  {job.last_error}" if job.last_error else ""
        typer.echo(
            f"{job.id:>8}  {job.status:<9}  {job.type:<28}  attempts {job.attempts}/"
            f"{job.max_attempts}  entity {job.entity_id or '-'}{error}"
        )
    typer.echo(f"{len(page.items)} of {page.total} jobs")


@app.command("show")
def show(job_id: int) -> None:
    """Show one job."""
    _print(_run(lambda s: service.get_job(s, job_id), readonly=True))


@app.command("retry")
def retry(job_id: int) -> None:
    """Run a job again now (revives dead jobs)."""
    _print(_run(lambda s: service.retry(s, job_id)))


@app.command("cancel")
def cancel(job_id: int) -> None:
    """Cancel a waiting job, or ask a running one to stop."""
    _print(_run(lambda s: service.cancel(s, job_id)))
