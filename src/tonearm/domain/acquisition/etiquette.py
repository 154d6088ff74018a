"""Soulseek search etiquette shared through the database by every worker on every host.

One row (``acquisition_rate_state``) holds the start times inside the sliding window, a lease
per running search and the global back-off. It is read and written under a row lock
(``FOR UPDATE`` on PostgreSQL; SQLite write transactions are ``BEGIN IMMEDIATE``), so two
workers can never both take the last slot.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import AcquisitionRateState

__all__ = ["SearchLimits", "SlotDecision", "back_off", "release_search_slot", "take_search_slot"]

STATE_NAME = "slskd"


@dataclass(frozen=True)
class SearchLimits:
    """How many searches may start and run: slskd's and the Soulseek server's rules."""

    per_window: int = 34
    window_s: float = 220.0
    min_gap_s: float = 5.0
    max_running: int = 2
    lease_s: float = 120.0


@dataclass(frozen=True)
class SlotDecision:
    """A granted slot (``token``) or how long to wait before asking again."""

    token: str | None
    wait_s: float

    @property
    def granted(self) -> bool:
        """True when a search may start now."""
        return self.token is not None


async def _locked_state(session: AsyncSession) -> AcquisitionRateState:
    query = select(AcquisitionRateState).where(AcquisitionRateState.name == STATE_NAME)
    row = (await session.execute(query.with_for_update())).scalar_one_or_none()
    if row is not None:
        return row
    try:
        async with session.begin_nested():
            session.add(AcquisitionRateState(name=STATE_NAME, started=[], running={}))
    except IntegrityError:
        pass  # another worker created it first
    return (await session.execute(query.with_for_update())).scalar_one()


def _prune(state: AcquisitionRateState, now: datetime, limits: SearchLimits) -> None:
    horizon = now - timedelta(seconds=limits.window_s)
    state.started = [t for t in state.started if datetime.fromisoformat(t) > horizon]
    state.running = {
        token: expiry
        for token, expiry in state.running.items()
        if datetime.fromisoformat(str(expiry)) > now
    }


def _wait_s(state: AcquisitionRateState, now: datetime, limits: SearchLimits) -> float:
    waits = [0.0]
    if state.backoff_until is not None:
        waits.append((state.backoff_until - now).total_seconds())
    if state.last_started_at is not None:
        gap_end = state.last_started_at + timedelta(seconds=limits.min_gap_s)
        waits.append((gap_end - now).total_seconds())
    if len(state.started) >= limits.per_window:
        oldest = min(datetime.fromisoformat(t) for t in state.started)
        waits.append((oldest + timedelta(seconds=limits.window_s) - now).total_seconds())
    if len(state.running) >= limits.max_running:
        waits.append(min(limits.min_gap_s, 1.0) or 0.5)
    return max(waits)


async def take_search_slot(
    session: AsyncSession, limits: SearchLimits, now: datetime | None = None
) -> SlotDecision:
    """Take a search slot now, or say how long to wait (nothing is taken then)."""
    now = now or utcnow()
    state = await _locked_state(session)
    _prune(state, now, limits)
    wait = _wait_s(state, now, limits)
    if wait > 0:
        await session.flush()
        return SlotDecision(None, wait)
    token = secrets.token_hex(8)
    state.started = [*state.started, now.isoformat()]
    state.running = {
        **state.running,
        token: (now + timedelta(seconds=limits.lease_s)).isoformat(),
    }
    state.last_started_at = now
    await session.flush()
    return SlotDecision(token, 0.0)


async def release_search_slot(session: AsyncSession, token: str) -> None:
    """Give back a running-search lease (the start still counts in the window)."""
    state = await _locked_state(session)
    state.running = {k: v for k, v in state.running.items() if k != token}
    await session.flush()


async def back_off(session: AsyncSession, seconds: float, now: datetime | None = None) -> None:
    """Pause every search of every worker for ``seconds`` (after a 429 or a disconnect)."""
    now = now or utcnow()
    state = await _locked_state(session)
    until = now + timedelta(seconds=seconds)
    if state.backoff_until is None or state.backoff_until < until:
        state.backoff_until = until
    await session.flush()
