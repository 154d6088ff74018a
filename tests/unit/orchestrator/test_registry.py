"""A subset of the registry keeps each job type's options and drops the rest."""

from __future__ import annotations

import pytest

from tonearm.orchestrator import RetryPolicy, Schedule, TaskRegistry
from tonearm.orchestrator.context import JobContext


async def _handler(ctx: JobContext) -> None:
    return None


def test_only_keeps_the_named_types_with_their_options() -> None:
    registry = TaskRegistry()
    retry = RetryPolicy(max_attempts=3)
    registry.task("a", queue="q", retry=retry, max_concurrency=2, timeout_s=5.0, priority=7)(
        _handler
    )
    registry.task("b")(_handler)
    registry.add_schedule(Schedule(name="tick", job_type="a", every_s=60.0))

    subset = registry.only("a")

    assert [spec.name for spec in subset] == ["a"]
    assert subset.get("a") == registry.get("a")
    assert subset.schedules == []
    with pytest.raises(KeyError):
        registry.only("missing")
