"""Checks of configuration, folders and the database, each with a clear verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import text

from tonearm.config import Settings
from tonearm.db import Database
from tonearm.kit.files import probe_writable

CheckStatus = Literal["ok", "warn", "fail", "skipped"]


@dataclass(frozen=True)
class Check:
    """The verdict of one check."""

    name: str
    status: CheckStatus
    detail: str = ""


def check_folders(settings: Settings) -> list[Check]:
    """Data, downloads and library folders are writable."""
    folders = {
        "data_dir": settings.data_dir,
        "downloads_dir": settings.resolved_downloads_dir,
        "library_dir": settings.resolved_library_dir,
    }
    if settings.slskd_downloads_dir is not None:
        folders["slskd_downloads_dir"] = settings.slskd_downloads_dir
    checks = []
    for name, folder in folders.items():
        problem = probe_writable(folder)
        checks.append(Check(name, "fail", problem) if problem else Check(name, "ok", str(folder)))
    return checks


async def check_database(settings: Settings) -> list[Check]:
    """The database answers and is migrated to the newest revision."""
    url = settings.resolved_database_url
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # every driver error is a failed check
        return [Check("database", "fail", f"{type(exc).__name__}: cannot connect")]
    finally:
        await db.dispose()
    from tonearm.db.migrate import current_revision, head_revision  # Alembic: only when asked

    current, head = current_revision(url), head_revision(url)
    if current != head:
        return [
            Check("database", "ok", db.dialect),
            Check(
                "migrations",
                "fail",
                f"at {current or 'nothing'}, code needs {head}: run `tonearm migrate`",
            ),
        ]
    return [Check("database", "ok", db.dialect), Check("migrations", "ok", f"at {head}")]


async def run_local_checks(settings: Settings) -> list[Check]:
    """Every check that needs no external service."""
    return [*check_folders(settings), *await check_database(settings)]
