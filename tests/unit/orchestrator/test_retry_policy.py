"""Retry policy: exponential backoff, jitter bounds, cap, exhaustion."""

from __future__ import annotations

import random

import pytest

from tonearm.orchestrator import RetryPolicy


def test_backoff_grows_within_jitter_bounds_and_is_capped() -> None:
    policy = RetryPolicy(max_attempts=10, base_s=2, factor=3, cap_s=60, jitter=0.25)
    rng = random.Random(1)
    for attempt, raw in [(1, 2), (2, 6), (3, 18), (4, 54)]:
        delays = [policy.decide(attempt, rng=rng).delay_s for _ in range(300)]
        assert min(delays) >= raw * 0.75
        assert max(delays) <= min(60, raw * 1.25)
        assert max(delays) - min(delays) > raw * 0.3  # jitter actually spreads
    capped = [policy.decide(8, rng=rng).delay_s for _ in range(100)]
    assert all(45 <= d <= 60 for d in capped)


def test_exhausted_and_requested_delays() -> None:
    policy = RetryPolicy(max_attempts=3, base_s=1, jitter=0)
    assert policy.decide(3).retry is False
    assert policy.decide(2, requested_delay_s=42).delay_s == 42
    assert policy.decide(1, max_attempts=1).retry is False
    assert policy.decide(1).delay_s == 1


def test_invalid_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=2)
