"""Log events and metrics of job state changes (one place, so the contract is kept)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tonearm.observability import Metrics, get_logger
from tonearm.orchestrator.claim import ClaimedJob

__all__ = ["JobEvents"]

log = get_logger("tonearm.orchestrator")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


class JobEvents:
    """Emits ``orchestrator.*`` events and updates job metrics."""

    def __init__(self, worker_id: str, metrics: Metrics | None = None) -> None:
        self.worker_id = worker_id
        self.metrics = metrics

    def leased(self, job: ClaimedJob) -> None:
        """A lease was granted."""
        self.lease_event(
            job.id,
            job.type,
            "leased",
            job.entity_id,
            job.priority,
            job.attempt,
            self.worker_id,
            job.lease_expires_at,
        )
        if self.metrics is not None:
            self.metrics.jobs.labels(job.type, "leased").inc()
            wait = (job.leased_at - job.available_at).total_seconds()
            self.metrics.job_lease_latency.observe(max(0.0, wait))

    def lease_event(
        self,
        job_id: int,
        job_type: str,
        status: str,
        entity_id: str | None,
        priority: int,
        attempt: int,
        worker_id: str | None,
        lease_expires_at: datetime | None,
    ) -> None:
        """One ``orchestrator.lease`` line (leased / expired / lost / rejected)."""
        log.info(
            "orchestrator.lease",
            job_id=job_id,
            job_type=job_type,
            status=status,
            entity_id=entity_id,
            priority=priority,
            attempt=attempt,
            worker_id=worker_id,
            lease_expires_at=_iso(lease_expires_at),
        )

    def finished(
        self,
        event: str,
        job: ClaimedJob,
        duration_ms: float,
        *,
        error: str | None = None,
        next_run_at: datetime | None = None,
    ) -> None:
        """``orchestrator.complete`` / ``.retry`` / ``.dead`` / ``.cancelled`` (+ metrics)."""
        fields: dict[str, Any] = {
            "job_id": job.id,
            "job_type": job.type,
            "entity_id": job.entity_id,
            "attempt": job.attempt,
            "duration_ms": round(duration_ms, 3),
            "worker_id": self.worker_id,
        }
        if event in ("retry", "dead"):
            fields["error"] = error
            fields["next_run_at"] = _iso(next_run_at)
        log.info(f"orchestrator.{event}", **fields)
        if self.metrics is not None:
            status = {"complete": "succeeded", "retry": "retried"}.get(event, event)
            self.metrics.jobs.labels(job.type, status).inc()
            self.metrics.job_run_seconds.labels(job.type).observe(duration_ms / 1000)

    def reaped(self, job_ids: list[int]) -> None:
        """``orchestrator.reap``."""
        log.info("orchestrator.reap", count=len(job_ids), job_ids=job_ids)

    def empty_poll(self) -> None:
        """A poll found nothing: a metric, never a log line."""
        if self.metrics is not None:
            self.metrics.empty_polls.inc()
