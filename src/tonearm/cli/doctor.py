"""``doctor``: check configuration, folders, database and integrations; non-zero on failure."""

from __future__ import annotations

import asyncio

import typer

from tonearm.cli.common import load_settings
from tonearm.config import Settings
from tonearm.domain.system import Check, run_local_checks

_MARK = {"ok": "OK  ", "warn": "WARN", "fail": "FAIL", "skipped": "SKIP"}


async def _all_checks(settings: Settings) -> list[Check]:
    from tonearm.domain.system.integrations import run_integration_checks

    return [*await run_local_checks(settings), *await run_integration_checks(settings)]


def doctor() -> None:
    """Check configuration, folders, the database and each configured integration."""
    settings = load_settings()
    checks = asyncio.run(_all_checks(settings))
    for check in checks:
        typer.echo(f"[{_MARK[check.status]}] {check.name}: {check.detail}".rstrip(": "))
    failed = [c.name for c in checks if c.status == "fail"]
    if failed:
        typer.echo(f"doctor: {len(failed)} check(s) failed: {', '.join(failed)}")
        raise typer.Exit(1)
    typer.echo("doctor: all checks passed")
