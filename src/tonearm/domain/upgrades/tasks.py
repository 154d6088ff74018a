"""Job handlers: the periodic ``upgrade.tick`` {} and ``upgrade.search`` {"track_id"}.

``ctx.services`` is what the acquisition handlers receive (effective settings, slskd).
"""

from __future__ import annotations

from typing import Any

from tonearm.db.base import utcnow
from tonearm.domain.acquisition.tasks import step_handler
from tonearm.domain.settings import job_settings
from tonearm.domain.upgrades.jobs import UPGRADE_SEARCH_JOB, UPGRADE_TICK_JOB
from tonearm.domain.upgrades.service import enqueue_due_upgrades, run_upgrade_search
from tonearm.orchestrator import JobContext, RetryPolicy, Schedule, TaskRegistry

__all__ = ["TICK_EVERY_S", "register_upgrade_tasks"]

#: How often the tick looks for due tracks; each track's own pace is
#: ``quality_upgrade_interval_s``.
TICK_EVERY_S = 600.0


async def handle_upgrade_tick(ctx: JobContext) -> dict[str, Any]:
    """Queue upgrade searches of due lossy tracks (none while upgrades are off)."""
    settings = await job_settings(ctx)
    async with ctx.transaction() as session:
        queued = await enqueue_due_upgrades(session, settings, utcnow())
    return {"queued": queued}


#: Search one track for a better file than its own (see :func:`run_upgrade_search`).
handle_upgrade_search = step_handler(run_upgrade_search, "track_id")


def register_upgrade_tasks(registry: TaskRegistry) -> None:
    """Register ``upgrade.tick`` (with its schedule) and ``upgrade.search`` on ``registry``."""
    registry.task(UPGRADE_TICK_JOB, timeout_s=120.0)(handle_upgrade_tick)
    steady = RetryPolicy(max_attempts=5, base_s=30.0, cap_s=900.0)
    registry.task(UPGRADE_SEARCH_JOB, retry=steady)(handle_upgrade_search)
    registry.add_schedule(
        Schedule(name="upgrades", job_type=UPGRADE_TICK_JOB, every_s=TICK_EVERY_S, jitter_s=30.0)
    )


def _register_on_shared_registry() -> None:
    from tonearm.domain.jobs import registry

    if UPGRADE_TICK_JOB not in registry:
        register_upgrade_tasks(registry)


_register_on_shared_registry()
