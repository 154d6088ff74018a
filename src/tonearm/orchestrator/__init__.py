"""The durable job queue: leases, retries, dead letters, schedules and workers."""

__all__: list[str] = []
