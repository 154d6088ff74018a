"""The gateway's policy values, taken from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from tonearm.config import Settings

__all__ = ["GatewayPolicy"]


@dataclass(frozen=True)
class GatewayPolicy:
    """Timeouts, retries, the Retry-After cap and the circuit breaker's thresholds."""

    attempt_timeout_s: float = 15.0
    attempts: int = 4
    deadline_s: float = 45.0
    wait_initial_s: float = 0.5
    wait_max_s: float = 8.0
    wait_jitter_s: float = 0.5
    retry_after_cap_s: float = 30.0
    circuit_threshold: int = 5
    circuit_cooloff_s: float = 60.0

    @classmethod
    def from_settings(cls, settings: Settings) -> GatewayPolicy:
        """The policy configured by ``settings``."""
        return cls(
            attempt_timeout_s=settings.provider_timeout_s,
            attempts=settings.provider_retry_attempts,
            deadline_s=settings.provider_retry_deadline_s,
            wait_initial_s=settings.provider_retry_wait_initial_s,
            wait_max_s=settings.provider_retry_wait_max_s,
            wait_jitter_s=min(1.0, settings.provider_retry_wait_initial_s),
            retry_after_cap_s=settings.provider_retry_after_cap_s,
            circuit_threshold=settings.provider_circuit_threshold,
            circuit_cooloff_s=settings.provider_circuit_cooloff_s,
        )
