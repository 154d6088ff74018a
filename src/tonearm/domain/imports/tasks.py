"""Job handlers: ``import.process`` (one import) and ``import.backfill`` (expand links kept
until credentials exist; runs on a schedule)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tonearm.db.models import ImportJob
from tonearm.domain.imports.service import IMPORT_JOB, expand_pending_links, process_import
from tonearm.domain.jobs import registry
from tonearm.domain.playlists.access import access_from
from tonearm.domain.settings import job_settings
from tonearm.errors import NotFound
from tonearm.orchestrator import JobContext, PermanentFailure, Schedule

__all__ = ["BACKFILL_JOB", "backfill_handler", "import_handler"]

BACKFILL_JOB = "import.backfill"


@registry.task(IMPORT_JOB, max_concurrency=2, timeout_s=1800)
async def import_handler(ctx: JobContext) -> dict[str, Any]:
    """Process the import in ``payload["import_id"]``."""
    settings = await job_settings(ctx)
    try:
        status = await process_import(
            ctx.db,
            int(ctx.job.payload["import_id"]),
            access_from(ctx.services, settings),
            batch_size=settings.import_batch_size,
        )
    except NotFound as exc:
        raise PermanentFailure(exc.message) from exc
    return {"status": status}


@registry.task(BACKFILL_JOB, timeout_s=1800)
async def backfill_handler(ctx: JobContext) -> dict[str, Any]:
    """Retry the pending links of every import that waits for credentials."""
    settings = await job_settings(ctx)
    async with ctx.db.transaction(readonly=True) as session:
        stmt = select(ImportJob.id).where(ImportJob.status == "waiting_credentials")
        ids = list((await session.execute(stmt)).scalars())
    access = access_from(ctx.services, settings)
    still = 0
    for import_id in ids:
        still += await expand_pending_links(ctx.db, import_id, access)
    return {"imports": len(ids), "still_pending": still}


registry.add_schedule(
    Schedule(name="imports.backfill", job_type=BACKFILL_JOB, every_s=600.0, jitter_s=10.0)
)
