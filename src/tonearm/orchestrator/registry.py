"""Task registry: handlers register by decorator; workers and schedulers read it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tonearm.orchestrator.retry import RetryPolicy
from tonearm.orchestrator.schedule import Schedule

if TYPE_CHECKING:
    from tonearm.orchestrator.context import JobContext

__all__ = ["Handler", "TaskRegistry", "TaskSpec"]

Handler = Callable[["JobContext"], Awaitable[Any]]


@dataclass(frozen=True)
class TaskSpec:
    """One job type: its handler, default queue, retry policy, limit and timeout."""

    name: str
    handler: Handler
    queue: str = "default"
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_concurrency: int | None = None
    timeout_s: float | None = None
    priority: int = 0


class TaskRegistry:
    """Job types by name, plus the periodic schedules that enqueue them."""

    def __init__(self) -> None:
        self._tasks: dict[str, TaskSpec] = {}
        self._schedules: dict[str, Schedule] = {}

    def task(
        self,
        name: str,
        *,
        queue: str = "default",
        retry: RetryPolicy | None = None,
        max_concurrency: int | None = None,
        timeout_s: float | None = None,
        priority: int = 0,
    ) -> Callable[[Handler], Handler]:
        """Register the decorated coroutine function as the handler of job type ``name``."""
        if max_concurrency is not None and max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")

        def decorate(handler: Handler) -> Handler:
            if name in self._tasks:
                raise ValueError(f"job type {name!r} is already registered")
            self._tasks[name] = TaskSpec(
                name=name,
                handler=handler,
                queue=queue,
                retry=retry or RetryPolicy(),
                max_concurrency=max_concurrency,
                timeout_s=timeout_s,
                priority=priority,
            )
            return handler

        return decorate

    def add_schedule(self, schedule: Schedule) -> Schedule:
        """Register a periodic schedule (its name must be unique)."""
        if schedule.name in self._schedules:
            raise ValueError(f"schedule {schedule.name!r} is already registered")
        self._schedules[schedule.name] = schedule
        return schedule

    def get(self, name: str) -> TaskSpec | None:
        """The spec of job type ``name``, if registered."""
        return self._tasks.get(name)

    def only(self, *names: str) -> TaskRegistry:
        """A registry holding just these job types, with their options and no schedules
        (a worker that must leave every other job queued)."""
        subset = TaskRegistry()
        for name in names:
            spec = self._tasks.get(name)
            if spec is None:
                raise KeyError(f"job type {name!r} is not registered")
            subset._tasks[name] = spec
        return subset

    def __contains__(self, name: object) -> bool:
        return name in self._tasks

    def __iter__(self) -> Iterator[TaskSpec]:
        return iter(self._tasks.values())

    @property
    def schedules(self) -> list[Schedule]:
        """Every registered schedule."""
        return list(self._schedules.values())

    def type_limits(self) -> dict[str, int]:
        """``max_concurrency`` of every limited job type."""
        return {t.name: t.max_concurrency for t in self._tasks.values() if t.max_concurrency}
