"""slskd's flag-string states, parsed into helpers that answer the questions we ask."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SLSKD_RETRY_ATTEMPTS", "TransferState", "is_limit_rejection", "parse_version"]

SLSKD_RETRY_ATTEMPTS = 3
_LIMIT = re.compile(r"\b(daily|weekly)\b.*\blimit\b|\blimit\b.*\b(daily|weekly)\b", re.IGNORECASE)
_FAILURES = frozenset({"Cancelled", "TimedOut", "Errored", "Rejected", "Aborted"})
_RETRIED = frozenset({"TimedOut", "Errored"})


def parse_version(text: str) -> tuple[int, ...]:
    """'0.26.1.0+abc' -> (0, 26, 1, 0); non-numeric tails are ignored."""
    core = text.strip().lstrip("vV").split("+", 1)[0].split("-", 1)[0]
    numbers = []
    for part in core.split("."):
        match = re.match(r"\d+", part)
        if match is None:
            break
        numbers.append(int(match.group()))
    if not numbers:
        raise ValueError(f"not a version: {text!r}")
    return tuple(numbers)


@dataclass(frozen=True)
class TransferState:
    """A transfer state such as `Completed, Rejected`, as a set of flags."""

    flags: frozenset[str]
    raw: str = ""

    @classmethod
    def parse(cls, value: str) -> TransferState:
        """Parse slskd's comma-separated flags."""
        flags = frozenset(p.strip() for p in value.split(",") if p.strip())
        return cls(flags, value)

    @property
    def is_queued(self) -> bool:
        """Requested, or queued locally or remotely."""
        return bool(self.flags & {"Requested", "Queued"}) and not self.is_completed

    @property
    def is_running(self) -> bool:
        """Initializing or transferring."""
        return bool(self.flags & {"Initializing", "InProgress"}) and not self.is_completed

    @property
    def is_completed(self) -> bool:
        """Carries the Completed flag (success or failure)."""
        return "Completed" in self.flags

    @property
    def is_succeeded(self) -> bool:
        """Completed and Succeeded."""
        return self.is_completed and "Succeeded" in self.flags

    @property
    def is_failed(self) -> bool:
        """Completed with Cancelled, TimedOut, Errored, Rejected or Aborted."""
        return self.is_completed and bool(self.flags & _FAILURES)

    def is_final(self, version: tuple[int, ...], attempts: int | None) -> bool:
        """Whether nothing more will happen: success, or a failure slskd will not retry.

        Since 0.25 slskd retries errored and timed-out downloads itself, so such a failure
        is final only once its attempts are used up.
        """
        if not self.is_completed:
            return False
        if self.is_succeeded or not (self.flags & _RETRIED) or version[:2] < (0, 25):
            return True
        return (attempts or 0) >= SLSKD_RETRY_ATTEMPTS

    def is_limit_rejection(self, exception: str | None) -> bool:
        """Rejected by the peer because of a daily/weekly limit: not worth retrying soon."""
        return "Rejected" in self.flags and is_limit_rejection(exception)


def is_limit_rejection(exception: str | None) -> bool:
    """A peer's daily/weekly limit rejection: not worth retrying soon."""
    return bool(exception) and _LIMIT.search(exception or "") is not None
