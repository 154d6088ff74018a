"""Search etiquette shared through the database: window, gap, running limit, back-off."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from tonearm.db import Database
from tonearm.domain.acquisition.etiquette import (
    SearchLimits,
    back_off,
    release_search_slot,
    take_search_slot,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    yield database
    await database.dispose()


async def _take(db: Database, limits: SearchLimits, at: datetime) -> tuple[str | None, float]:
    async with db.transaction() as session:
        decision = await take_search_slot(session, limits, at)
    return decision.token, decision.wait_s


class TestSearchSlots:
    async def test_minimum_gap_between_starts(self, db: Database) -> None:
        limits = SearchLimits(min_gap_s=5, max_running=2)
        token, _ = await _take(db, limits, T0)
        assert token is not None
        token2, wait = await _take(db, limits, T0 + timedelta(seconds=1))
        assert (token2, wait) == (None, 4.0)
        token3, _ = await _take(db, limits, T0 + timedelta(seconds=5))
        assert token3 is not None

    async def test_at_most_two_running(self, db: Database) -> None:
        limits = SearchLimits(min_gap_s=0, max_running=2)
        first, _ = await _take(db, limits, T0)
        second, _ = await _take(db, limits, T0)
        third, wait = await _take(db, limits, T0)
        assert first is not None
        assert second is not None
        assert third is None
        assert wait > 0
        async with db.transaction() as session:
            await release_search_slot(session, first)
        fourth, _ = await _take(db, limits, T0)
        assert fourth is not None

    async def test_sliding_window(self, db: Database) -> None:
        limits = SearchLimits(per_window=3, window_s=220, min_gap_s=0, max_running=10)
        for _ in range(3):
            token, _ = await _take(db, limits, T0)
            assert token is not None
        token, wait = await _take(db, limits, T0 + timedelta(seconds=20))
        assert (token, wait) == (None, 200.0)
        token, _ = await _take(db, limits, T0 + timedelta(seconds=221))
        assert token is not None

    async def test_global_back_off_after_429(self, db: Database) -> None:
        limits = SearchLimits(min_gap_s=0)
        async with db.transaction() as session:
            await back_off(session, 60, T0)
        token, wait = await _take(db, limits, T0 + timedelta(seconds=10))
        assert (token, wait) == (None, 50.0)

    async def test_a_crashed_search_lease_expires(self, db: Database) -> None:
        limits = SearchLimits(min_gap_s=0, max_running=1, lease_s=30)
        assert (await _take(db, limits, T0))[0] is not None
        assert (await _take(db, limits, T0 + timedelta(seconds=10)))[0] is None
        assert (await _take(db, limits, T0 + timedelta(seconds=31)))[0] is not None
