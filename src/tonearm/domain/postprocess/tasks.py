"""``postprocess.sweep``: hourly (and at start-up), remove stale post-processing leftovers."""

from __future__ import annotations

import asyncio
from typing import Any

from tonearm.domain.jobs import registry
from tonearm.domain.postprocess.sweep import WORK_FOLDER, sweep_stale_temporaries
from tonearm.domain.settings import load_effective_settings
from tonearm.observability import get_logger
from tonearm.orchestrator import JobContext, Schedule

__all__ = ["SWEEP_JOB", "sweep_handler"]

SWEEP_JOB = "postprocess.sweep"
log = get_logger("tonearm.postprocess")


@registry.task(SWEEP_JOB, timeout_s=600)
async def sweep_handler(ctx: JobContext) -> dict[str, Any]:
    """Delete work copies and library temporaries nothing has touched for an hour."""
    async with ctx.db.transaction(readonly=True) as session:
        settings, _ = await load_effective_settings(
            session, ctx.services["settings"], ctx.services["box"]
        )
    work = settings.resolved_downloads_dir / WORK_FOLDER
    removed = await asyncio.to_thread(sweep_stale_temporaries, settings.resolved_library_dir, work)
    if removed:
        log.info("postprocess.swept", removed=[str(p) for p in removed[:50]], count=len(removed))
    return {"removed": len(removed)}


registry.add_schedule(
    Schedule(name="postprocess.sweep", job_type=SWEEP_JOB, every_s=3600.0, jitter_s=30.0)
)
