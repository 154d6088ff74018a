"""Retry policies: exponential backoff with jitter and a cap, decided per attempt."""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["RetryDecision", "RetryPolicy"]


@dataclass(frozen=True)
class RetryDecision:
    """Whether to run the job again, and after how long."""

    retry: bool
    delay_s: float


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff ``base_s * factor**(attempt-1)``, capped at ``cap_s``, ± ``jitter`` (a fraction).

    ``max_attempts`` counts every run, the first included.
    """

    max_attempts: int = 5
    base_s: float = 2.0
    factor: float = 2.0
    cap_s: float = 600.0
    jitter: float = 0.2

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_s < 0 or self.factor < 1 or self.cap_s < 0:
            raise ValueError("invalid retry policy")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter is a fraction between 0 and 1")

    def backoff_bounds(self, attempt: int) -> tuple[float, float]:
        """The smallest and largest delay after failed attempt number ``attempt`` (1-based)."""
        raw = min(self.cap_s, self.base_s * self.factor ** max(0, attempt - 1))
        return raw * (1 - self.jitter), min(self.cap_s, raw * (1 + self.jitter))

    def decide(
        self,
        attempt: int,
        *,
        max_attempts: int | None = None,
        requested_delay_s: float | None = None,
        rng: random.Random | None = None,
    ) -> RetryDecision:
        """What to do after attempt ``attempt`` failed; a handler's own delay wins over backoff."""
        limit = max_attempts if max_attempts is not None else self.max_attempts
        if attempt >= limit:
            return RetryDecision(retry=False, delay_s=0.0)
        if requested_delay_s is not None:
            return RetryDecision(retry=True, delay_s=max(0.0, requested_delay_s))
        low, high = self.backoff_bounds(attempt)
        draw = (rng or random).uniform(low, high)
        return RetryDecision(retry=True, delay_s=draw)
