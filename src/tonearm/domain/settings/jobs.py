"""The settings a job runs with: the worker's base settings overlaid with stored values."""

from __future__ import annotations

from tonearm.config import Settings
from tonearm.domain.settings.service import load_effective_settings
from tonearm.orchestrator import JobContext

__all__ = ["job_settings"]


async def job_settings(ctx: JobContext) -> Settings:
    """Effective settings for ``ctx`` (``services["settings"]``, plus ``services["box"]`` to
    read stored secrets; without a box the base settings stand)."""
    base: Settings = ctx.services["settings"]
    box = ctx.services.get("box")
    if box is None:
        return base
    async with ctx.db.transaction(readonly=True) as session:
        effective, _ = await load_effective_settings(session, base, box)
    return effective
