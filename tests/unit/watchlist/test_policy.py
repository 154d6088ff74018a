"""Release dates, pauses, budgets and the jittered interval (pure)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from tonearm.db.base import utcnow
from tonearm.db.models import WatchlistEntry
from tonearm.domain.watchlist import CheckPolicy, budget_spent, is_paused, release_period_end


class TestReleasePeriodEnd:
    def test_precisions(self) -> None:
        assert release_period_end("2024") == date(2024, 12, 31)
        assert release_period_end("2024-02") == date(2024, 2, 29)
        assert release_period_end("2024-03-05") == date(2024, 3, 5)
        assert release_period_end(None) is None
        assert release_period_end("soon") is None


class TestEntryState:
    def test_paused_until_resume_time(self) -> None:
        now = utcnow()
        entry = WatchlistEntry(paused=True, resume_at=now + timedelta(hours=1))
        assert is_paused(entry, now)
        assert not is_paused(entry, now + timedelta(hours=2))
        assert is_paused(WatchlistEntry(paused=True, resume_at=None), now + timedelta(days=999))

    def test_budget_spent_while_cooling_down(self) -> None:
        now = utcnow()
        entry = WatchlistEntry(cooldown_until=now + timedelta(minutes=1))
        assert budget_spent(entry, now)
        assert not budget_spent(entry, now + timedelta(minutes=2))


class TestJitter:
    def test_next_check_within_interval_and_jitter(self) -> None:
        now = utcnow()
        policy = CheckPolicy(interval_s=100, jitter_s=50)
        rng = random.Random(7)
        for _ in range(50):
            delay = (policy.next_check(now, rng) - now).total_seconds()
            assert 100 <= delay <= 150
