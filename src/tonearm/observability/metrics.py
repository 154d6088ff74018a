"""Prometheus metrics, one registry per composition root (no import-time globals)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

__all__ = ["Metrics"]

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class Metrics:
    """Every metric Tonearm exposes on ``/metrics``."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.http_requests = Counter(
            "tonearm_http_requests", "HTTP requests", ["method", "route", "status"], registry=r
        )
        self.http_latency = Histogram(
            "tonearm_http_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.jobs = Counter("tonearm_jobs", "Job state changes", ["type", "status"], registry=r)
        self.job_lease_latency = Histogram(
            "tonearm_job_lease_seconds",
            "Time from a job becoming available to being leased",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.job_run_seconds = Histogram(
            "tonearm_job_run_seconds", "Handler run time", ["type"], registry=r
        )
        self.empty_polls = Counter("tonearm_job_empty_polls", "Polls that found no job", registry=r)
        self.queue_depth = Gauge("tonearm_queue_depth", "Jobs by status", ["status"], registry=r)
        self.oldest_waiting = Gauge(
            "tonearm_queue_oldest_waiting_seconds", "Age of the oldest waiting job", registry=r
        )
        self.cache_events = Counter(
            "tonearm_cache", "Response cache hits, misses and evictions", ["result"], registry=r
        )
        self.provider_calls = Counter(
            "tonearm_provider_calls",
            "Outbound provider calls",
            ["provider", "operation", "status"],
            registry=r,
        )
        self.downloads = Gauge("tonearm_downloads", "Downloads by state", ["state"], registry=r)
        self._collectors: list[Callable[[], Awaitable[None]]] = []

    def on_scrape(self, collector: Callable[[], Awaitable[None]]) -> None:
        """Await ``collector`` (which refreshes gauges) before each exposition."""
        self._collectors.append(collector)

    async def render(self) -> bytes:
        """The Prometheus text exposition."""
        for collect in self._collectors:
            await collect()
        return generate_latest(self.registry)
