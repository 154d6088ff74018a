"""The orchestrator's error tree and the signals a handler raises to steer its job."""

from __future__ import annotations

__all__ = [
    "Cancelled",
    "JobNotFound",
    "JobStateConflict",
    "LeaseLost",
    "OrchestratorError",
    "PermanentFailure",
    "Retry",
    "Snooze",
]


class OrchestratorError(Exception):
    """The job queue failed."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or (self.__doc__ or "").strip().splitlines()[0]
        super().__init__(self.message)


class LeaseLost(OrchestratorError):
    """This worker no longer holds the job's lease; its work was not committed."""


class JobNotFound(OrchestratorError):
    """No such job."""


class JobStateConflict(OrchestratorError):
    """The job is not in a state that allows this."""


class Retry(OrchestratorError):
    """The handler asks to run again after ``delay_s`` (counts an attempt)."""

    def __init__(self, delay_s: float, reason: str = "retry requested") -> None:
        self.delay_s = max(0.0, float(delay_s))
        self.reason = reason
        super().__init__(reason)


class Snooze(OrchestratorError):
    """The handler asks to be looked at again after ``delay_s`` (no attempt counted)."""

    def __init__(self, delay_s: float, reason: str = "snoozed") -> None:
        self.delay_s = max(0.0, float(delay_s))
        self.reason = reason
        super().__init__(reason)


class PermanentFailure(OrchestratorError):
    """The job can never succeed: it goes straight to the dead letters."""

    def __init__(self, reason: str = "permanent failure") -> None:
        self.reason = reason
        super().__init__(reason)


class Cancelled(OrchestratorError):
    """The handler stopped because cancellation was requested."""
