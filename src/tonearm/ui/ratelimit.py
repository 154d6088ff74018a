"""Failed logins per client, in a sliding window: guessing the API key stays slow."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

__all__ = ["LoginLimiter"]


class LoginLimiter:
    """Allow ``limit`` failed attempts per client per ``window_s`` seconds."""

    def __init__(
        self,
        limit: int = 5,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, client: str) -> deque[float]:
        now = self._clock()
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures

    def retry_after(self, client: str) -> float:
        """Seconds until ``client`` may try again (0 when it may try now)."""
        failures = self._recent(client)
        if len(failures) < self.limit:
            if not failures:
                self._failures.pop(client, None)
            return 0.0
        return max(1.0, failures[0] + self.window_s - self._clock())

    def record_failure(self, client: str) -> None:
        """Count one failed attempt."""
        self._recent(client).append(self._clock())
        if len(self._failures) > 10_000:  # bound memory under a spray of addresses
            oldest = next(iter(self._failures))
            del self._failures[oldest]

    def reset(self, client: str) -> None:
        """Forget a client's failures (after a successful login)."""
        self._failures.pop(client, None)
