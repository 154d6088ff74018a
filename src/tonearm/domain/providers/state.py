"""All SQL of the provider gateway: the shared circuit and cooldown row of each provider.

Transitions run in their own short write transaction with the row locked (``FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises writers), never around an HTTP wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import ProviderState

__all__ = [
    "ProviderSnapshot",
    "claim_trial",
    "read_state",
    "record_failure",
    "record_success",
    "reset_state",
    "start_cooldown",
]

_MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class ProviderSnapshot:
    """A provider's shared state at one moment (``closed`` and clean when never used)."""

    provider: str
    circuit: str = "closed"
    consecutive_failures: int = 0
    opened_at: datetime | None = None
    trial_started_at: datetime | None = None
    cooldown_until: datetime | None = None
    last_error: str | None = None
    last_failure_at: datetime | None = None
    last_success_at: datetime | None = None

    @property
    def clean(self) -> bool:
        """Closed, no recent failure: a success changes nothing worth a write."""
        return self.circuit == "closed" and self.consecutive_failures == 0

    def cooldown_left(self, now: datetime) -> float:
        """Seconds of cooldown left at ``now`` (0 when none)."""
        if self.cooldown_until is None:
            return 0.0
        return max(0.0, (self.cooldown_until - now).total_seconds())


def _snapshot(row: ProviderState | None, provider: str) -> ProviderSnapshot:
    if row is None:
        return ProviderSnapshot(provider)
    return ProviderSnapshot(
        provider=row.provider,
        circuit=row.circuit,
        consecutive_failures=row.consecutive_failures,
        opened_at=row.opened_at,
        trial_started_at=row.trial_started_at,
        cooldown_until=row.cooldown_until,
        last_error=row.last_error,
        last_failure_at=row.last_failure_at,
        last_success_at=row.last_success_at,
    )


async def read_state(session: AsyncSession, provider: str) -> ProviderSnapshot:
    """The provider's current state (no lock)."""
    return _snapshot(await session.get(ProviderState, provider), provider)


async def _locked(session: AsyncSession, provider: str, now: datetime) -> ProviderState:
    """The provider's row, created if missing, locked for this transaction."""
    values = {
        "provider": provider,
        "circuit": "closed",
        "consecutive_failures": 0,
        "updated_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(insert(ProviderState).values(**values).on_conflict_do_nothing())
    query = select(ProviderState).where(ProviderState.provider == provider)
    if dialect == "postgresql":
        query = query.with_for_update()
    row = (await session.execute(query.execution_options(populate_existing=True))).scalar_one()
    return row


async def claim_trial(
    session: AsyncSession, provider: str, now: datetime, cooloff_s: float, stale_s: float
) -> tuple[ProviderSnapshot, bool]:
    """Move an open circuit whose cool-off has passed to ``half_open`` and claim its single
    trial call (or re-claim a trial that never reported back). True when this caller won."""
    row = await _locked(session, provider, now)
    due = (row.opened_at or now) + timedelta(seconds=cooloff_s)
    stale = row.trial_started_at is None or row.trial_started_at + timedelta(seconds=stale_s) <= now
    won = (row.circuit == "open" and now >= due) or (row.circuit == "half_open" and stale)
    if won:
        row.circuit = "half_open"
        row.trial_started_at = now
        row.updated_at = now
        await session.flush()
    return _snapshot(row, provider), won


async def record_success(
    session: AsyncSession, provider: str, now: datetime
) -> tuple[ProviderSnapshot, ProviderSnapshot]:
    """A call succeeded: the circuit closes and the failure count resets. (before, after)."""
    row = await _locked(session, provider, now)
    before = _snapshot(row, provider)
    row.circuit = "closed"
    row.consecutive_failures = 0
    row.opened_at = None
    row.trial_started_at = None
    row.last_success_at = now
    row.updated_at = now
    await session.flush()
    return before, _snapshot(row, provider)


async def record_failure(
    session: AsyncSession, provider: str, now: datetime, error: str, threshold: int
) -> tuple[ProviderSnapshot, ProviderSnapshot]:
    """A call failed: count it; open the circuit at ``threshold`` or after a failed trial."""
    row = await _locked(session, provider, now)
    before = _snapshot(row, provider)
    row.consecutive_failures += 1
    row.last_error = error[:_MAX_ERROR_CHARS]
    row.last_failure_at = now
    if row.circuit == "half_open" or (
        row.circuit == "closed" and row.consecutive_failures >= threshold
    ):
        row.circuit = "open"
        row.opened_at = now
        row.trial_started_at = None
    row.updated_at = now
    await session.flush()
    return before, _snapshot(row, provider)


async def start_cooldown(
    session: AsyncSession, provider: str, now: datetime, until: datetime, error: str
) -> ProviderSnapshot:
    """Every caller must wait until ``until`` (an existing later cooldown is kept)."""
    row = await _locked(session, provider, now)
    if row.cooldown_until is None or row.cooldown_until < until:
        row.cooldown_until = until
    row.last_error = error[:_MAX_ERROR_CHARS]
    row.updated_at = now
    await session.flush()
    return _snapshot(row, provider)


async def reset_state(session: AsyncSession, provider: str, now: datetime) -> None:
    """Forget failures, circuit and cooldown (the provider's configuration changed)."""
    row = await _locked(session, provider, now)
    row.circuit = "closed"
    row.consecutive_failures = 0
    row.opened_at = None
    row.trial_started_at = None
    row.cooldown_until = None
    row.last_error = None
    row.updated_at = now
    await session.flush()
