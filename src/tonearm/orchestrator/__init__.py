"""The durable job queue: leases, retries, dead letters, schedules and workers.

Enqueue with :func:`enqueue` inside your transaction; register handlers on a
:class:`TaskRegistry`; run them with a :class:`Worker`; fire periodic jobs with a
:class:`Scheduler`. Handlers steer their job by raising :class:`Retry`, :class:`Snooze`,
:class:`PermanentFailure` or :class:`Cancelled`.
"""

from tonearm.orchestrator.admin import JobCounts, cancel_job, queue_counts, retry_job
from tonearm.orchestrator.claim import ClaimedJob, ClaimLimits, claim_jobs
from tonearm.orchestrator.context import JobContext
from tonearm.orchestrator.errors import (
    Cancelled,
    JobNotFound,
    JobStateConflict,
    LeaseLost,
    OrchestratorError,
    PermanentFailure,
    Retry,
    Snooze,
)
from tonearm.orchestrator.queue import EnqueueResult, enqueue
from tonearm.orchestrator.registry import Handler, TaskRegistry, TaskSpec
from tonearm.orchestrator.retry import RetryDecision, RetryPolicy
from tonearm.orchestrator.schedule import Schedule, Scheduler
from tonearm.orchestrator.worker import Worker, WorkerOptions

__all__ = [
    "Cancelled",
    "ClaimLimits",
    "ClaimedJob",
    "EnqueueResult",
    "Handler",
    "JobContext",
    "JobCounts",
    "JobNotFound",
    "JobStateConflict",
    "LeaseLost",
    "OrchestratorError",
    "PermanentFailure",
    "Retry",
    "RetryDecision",
    "RetryPolicy",
    "Schedule",
    "Scheduler",
    "Snooze",
    "TaskRegistry",
    "TaskSpec",
    "Worker",
    "WorkerOptions",
    "cancel_job",
    "claim_jobs",
    "enqueue",
    "queue_counts",
    "retry_job",
]
