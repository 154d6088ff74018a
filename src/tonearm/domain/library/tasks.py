"""``library.scan`` {}: index every audio file under the library root."""

from __future__ import annotations

from tonearm.config import Settings
from tonearm.domain.jobs import registry
from tonearm.domain.library.service import scan_library
from tonearm.domain.settings import load_effective_settings
from tonearm.observability import get_logger
from tonearm.orchestrator import JobContext, RetryPolicy

__all__ = ["LIBRARY_SCAN_JOB", "scan"]

LIBRARY_SCAN_JOB = "library.scan"
log = get_logger("tonearm.library")


@registry.task(LIBRARY_SCAN_JOB, retry=RetryPolicy(max_attempts=3), max_concurrency=1)
async def scan(ctx: JobContext) -> None:
    """Import existing files so they count as owned."""
    settings: Settings = ctx.services["settings"]
    box = ctx.services.get("box")
    if box is not None:
        async with ctx.db.transaction(readonly=True) as session:
            settings, _ = await load_effective_settings(session, settings, box)
    async with ctx.transaction() as session:
        count = await scan_library(session, settings.resolved_library_dir)
    log.info("library.scanned", files=count)
