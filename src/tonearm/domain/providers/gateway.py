"""The provider gateway: shared cooldowns and a circuit breaker per provider, in the database,
plus the ``api.dependency`` / ``integration.health`` events of every outbound call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.domain.providers import state
from tonearm.domain.providers.errors import CircuitOpen, ProviderRateLimited
from tonearm.domain.providers.policy import GatewayPolicy
from tonearm.domain.providers.state import ProviderSnapshot
from tonearm.observability import Metrics, get_logger

__all__ = ["Clock", "ProviderGateway"]

Clock = Callable[[], datetime]
logger = get_logger("tonearm.providers")


class ProviderGateway:
    """Admits, records and reports outbound calls of every provider.

    State lives in the ``provider_state`` table, so a cooldown or an open circuit seen by one
    worker is respected by every worker on every host. Each method uses its own short
    transaction; none is held while a request is in flight.
    """

    def __init__(
        self,
        db: Database,
        *,
        policy: GatewayPolicy | None = None,
        metrics: Metrics | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self.db = db
        self.policy = policy or GatewayPolicy()
        self.metrics = metrics
        self.clock = clock

    async def snapshot(self, provider: str) -> ProviderSnapshot:
        """The provider's shared state."""
        async with self.db.transaction(readonly=True) as session:
            return await state.read_state(session, provider)

    async def admit(self, provider: str, operation: str) -> ProviderSnapshot:
        """Let a call through, or fail fast during a cooldown or while the circuit is open."""
        snap = await self.snapshot(provider)
        now = self.clock()
        left = snap.cooldown_left(now)
        if left > 0:
            self.emit_call(provider, operation, "rate_limited", 0.0, 0)
            raise ProviderRateLimited(provider, left)
        if snap.circuit == "closed":
            return snap
        policy = self.policy
        stale_s = max(policy.deadline_s, policy.circuit_cooloff_s)
        async with self.db.transaction() as session:
            snap, won = await state.claim_trial(
                session, provider, now, policy.circuit_cooloff_s, stale_s
            )
        if won:
            self.emit_health(provider, "degraded", "half_open")
            return snap
        if snap.circuit == "closed":  # another worker's trial succeeded meanwhile
            return snap
        self.emit_call(provider, operation, "circuit_open", 0.0, 0)
        due = (snap.opened_at or now) + timedelta(seconds=policy.circuit_cooloff_s)
        raise CircuitOpen(
            provider,
            f"{provider} is failing; its circuit is {snap.circuit}",
            retry_after=max(1.0, (due - now).total_seconds()),
        )

    async def succeeded(self, provider: str, admitted: ProviderSnapshot) -> None:
        """Record a healthy answer (a write only when it changes something)."""
        if admitted.clean:
            return
        async with self.db.transaction() as session:
            before, after = await state.record_success(session, provider, self.clock())
        if before.circuit != after.circuit or not before.clean:
            self.emit_health(provider, "ok", after.circuit)

    async def failed(self, provider: str, error: str) -> None:
        """Record a failed call; the circuit opens after ``circuit_threshold`` in a row."""
        async with self.db.transaction() as session:
            before, after = await state.record_failure(
                session, provider, self.clock(), error, self.policy.circuit_threshold
            )
        if before.circuit != after.circuit:
            status = "down" if after.circuit == "open" else "degraded"
            self.emit_health(provider, status, after.circuit)
        elif before.clean:
            self.emit_health(provider, "degraded", after.circuit)

    async def cool_down(self, provider: str, retry_after: float, error: str) -> None:
        """Start (or extend) the provider-wide cooldown."""
        now = self.clock()
        until = now + timedelta(seconds=retry_after)
        async with self.db.transaction() as session:
            await state.start_cooldown(session, provider, now, until, error)
        self.emit_health(provider, "degraded", "closed", cooldown_s=retry_after)

    async def reset(self, provider: str) -> None:
        """Forget the provider's failures, circuit and cooldown."""
        async with self.db.transaction() as session:
            await state.reset_state(session, provider, self.clock())

    def emit_call(
        self,
        provider: str,
        operation: str,
        status: str,
        duration_ms: float,
        attempt: int,
        http_status: int | None = None,
        **extra: object,
    ) -> None:
        """One ``api.dependency`` event and one ``tonearm_provider_calls`` increment."""
        fields: dict[str, object] = {
            "provider": provider,
            "operation": operation,
            "status": status,
            "duration_ms": round(duration_ms, 1),
            "attempt": attempt,
            **extra,
        }
        if http_status is not None:
            fields["http_status"] = http_status
        log = logger.info if status in ("ok", "retry") else logger.warning
        log("api.dependency", **fields)
        if self.metrics is not None:
            self.metrics.provider_calls.labels(provider, operation, status).inc()

    def emit_health(self, provider: str, status: str, circuit: str, **extra: object) -> None:
        """One ``integration.health`` event (status or circuit transition)."""
        logger.info(
            "integration.health", provider=provider, status=status, circuit=circuit, **extra
        )
