"""The gateway against the slskd emulator in process: retries, Retry-After, cooldown shared
through the database, timeouts, dropped connections and the circuit breaker."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs

from tests.integration.providers.emulated import (
    Emulators,
    create_emulators,
    create_provider_settings,
    fault,
)
from tonearm.config import Settings
from tonearm.db import Database
from tonearm.domain.providers import (
    CircuitOpen,
    GatewayPolicy,
    ProviderClients,
    ProviderGateway,
    ProviderRateLimited,
)
from tonearm.errors import RateLimited
from tonearm.integrations.slskd import SlskdServerError, SlskdUnavailable

APP = "GET /api/v0/application"
POLICY = GatewayPolicy(
    attempt_timeout_s=0.3,
    attempts=4,
    deadline_s=10.0,
    wait_initial_s=0.0,
    wait_max_s=0.01,
    wait_jitter_s=0.0,
    retry_after_cap_s=1.0,
    circuit_threshold=3,
    circuit_cooloff_s=60.0,
)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Harness:
    settings: Settings
    emulators: Emulators
    clients: ProviderClients
    clock: Clock
    db_url: str

    @property
    def gateway(self) -> ProviderGateway:
        return self.clients.gateway


@pytest.fixture
async def harness(tmp_path: Path, db_url: str) -> AsyncIterator[Harness]:
    emulators = create_emulators(tmp_path)
    clock = Clock(datetime(2026, 1, 1, tzinfo=UTC))
    db = Database(db_url)
    gateway = ProviderGateway(db, policy=POLICY, clock=clock)
    clients = ProviderClients(gateway, transport=emulators.transport())
    yield Harness(create_provider_settings(tmp_path, db_url), emulators, clients, clock, db_url)
    await clients.aclose()
    await db.dispose()


def _calls(logs: list[dict[str, Any]]) -> list[tuple[str, int, int | None]]:
    return [
        (e["status"], e["attempt"], e.get("http_status"))
        for e in logs
        if e["event"] == "api.dependency"
    ]


class TestRetries:
    async def test_5xx_burst_is_retried_then_succeeds(self, harness: Harness) -> None:
        harness.emulators.slskd_faults.replace([fault(APP, status=503, times=2)])
        with capture_logs() as logs:
            app = await harness.clients.slskd(harness.settings).get_application()
        assert app.version.current
        assert _calls(logs) == [("retry", 1, 503), ("retry", 2, 503), ("ok", 3, 200)]
        event = next(e for e in logs if e["event"] == "api.dependency")
        assert event["provider"] == "slskd"
        assert event["operation"] == "GET /api/v0/application"
        assert "duration_ms" in event

    async def test_5xx_beyond_attempts_fails_and_counts_once(self, harness: Harness) -> None:
        harness.emulators.slskd_faults.replace([fault(APP, status=500)])
        with capture_logs() as logs, pytest.raises(SlskdServerError):
            await harness.clients.slskd(harness.settings).get_application()
        assert [c[0] for c in _calls(logs)] == ["retry", "retry", "retry", "failed"]
        snap = await harness.gateway.snapshot("slskd")
        assert snap.consecutive_failures == 1
        assert snap.last_error is not None
        assert "HTTP 500" in snap.last_error

    async def test_short_retry_after_is_waited_then_succeeds(self, harness: Harness) -> None:
        harness.emulators.slskd_faults.replace([fault(APP, status=429, retry_after=0.2, times=1)])
        started = time.monotonic()
        with capture_logs() as logs:
            await harness.clients.slskd(harness.settings).get_application()
        assert time.monotonic() - started >= 0.2
        assert _calls(logs) == [("retry", 1, 429), ("ok", 2, 200)]
        assert (await harness.gateway.snapshot("slskd")).cooldown_until is None

    async def test_dropped_connection_is_retried(self, harness: Harness) -> None:
        harness.emulators.slskd_faults.replace([fault(APP, drop=True, times=2)])
        with capture_logs() as logs:
            await harness.clients.slskd(harness.settings).get_application()
        assert [c[0] for c in _calls(logs)] == ["retry", "retry", "ok"]

    async def test_timeout_is_retried(self, harness: Harness) -> None:
        harness.emulators.slskd_faults.replace([fault(APP, delay_ms=3000, times=1)])
        started = time.monotonic()
        with capture_logs() as logs:
            await harness.clients.slskd(harness.settings).get_application()
        assert time.monotonic() - started < 2.5
        assert [c[0] for c in _calls(logs)] == ["retry", "ok"]

    async def test_post_is_not_replayed_after_a_drop(self, harness: Harness) -> None:
        harness.emulators.slskd_faults.replace([fault("POST /api/v0/searches", drop=True)])
        with capture_logs() as logs, pytest.raises(SlskdUnavailable):
            await harness.clients.slskd(harness.settings).create_search("radiohead karma police")
        assert [c[0] for c in _calls(logs)] == ["failed"]


class TestCooldown:
    async def test_long_retry_after_starts_a_cooldown_every_process_respects(
        self, harness: Harness
    ) -> None:
        harness.emulators.slskd_faults.replace([fault(APP, status=429, retry_after=600, times=1)])
        with pytest.raises(ProviderRateLimited) as caught:
            await harness.clients.slskd(harness.settings).get_application()
        assert isinstance(caught.value, RateLimited)
        assert caught.value.retry_after == 600

        other_db = Database(harness.db_url)  # another process's view of the same database
        other = ProviderGateway(other_db, policy=POLICY, clock=harness.clock)
        other_clients = ProviderClients(other, transport=harness.emulators.transport())
        try:
            snap = await other.snapshot("slskd")
            assert snap.cooldown_until == harness.clock.now + timedelta(seconds=600)
            harness.clock.advance(100)
            with capture_logs() as logs, pytest.raises(ProviderRateLimited) as again:
                await other_clients.slskd(harness.settings).get_application()
            assert again.value.retry_after == pytest.approx(500)
            assert _calls(logs) == [("rate_limited", 0, None)]  # failed fast: nothing sent
            harness.clock.advance(501)
            await other_clients.slskd(harness.settings).get_application()
        finally:
            await other_clients.aclose()
            await other_db.dispose()


class TestCircuit:
    async def test_opens_half_opens_and_closes(self, harness: Harness) -> None:
        harness.emulators.slskd_faults.replace([fault(APP, status=500)])
        slskd = harness.clients.slskd(harness.settings)
        with capture_logs() as logs:
            for _ in range(3):
                with pytest.raises(SlskdServerError):
                    await slskd.get_application()
        assert (await harness.gateway.snapshot("slskd")).circuit == "open"
        health = [e for e in logs if e["event"] == "integration.health"]
        assert health[-1] == {
            "event": "integration.health",
            "provider": "slskd",
            "status": "down",
            "circuit": "open",
            "logger": "tonearm.providers",
            "log_level": "info",
        }
        harness.emulators.slskd_faults.clear()
        with capture_logs() as logs, pytest.raises(CircuitOpen) as caught:
            await slskd.get_application()
        assert caught.value.retry_after == pytest.approx(60)
        assert _calls(logs) == [("circuit_open", 0, None)]

        harness.clock.advance(61)
        with capture_logs() as logs:
            await slskd.get_application()  # the single trial call
        circuits = [e["circuit"] for e in logs if e["event"] == "integration.health"]
        assert circuits == ["half_open", "closed"]
        snap = await harness.gateway.snapshot("slskd")
        assert (snap.circuit, snap.consecutive_failures) == ("closed", 0)

    async def test_failed_trial_reopens(self, harness: Harness) -> None:
        harness.emulators.slskd_faults.replace([fault(APP, status=500)])
        slskd = harness.clients.slskd(harness.settings)
        for _ in range(3):
            with pytest.raises(SlskdServerError):
                await slskd.get_application()
        harness.clock.advance(61)
        with pytest.raises(SlskdServerError):
            await slskd.get_application()
        snap = await harness.gateway.snapshot("slskd")
        assert snap.circuit == "open"
        assert snap.opened_at == harness.clock.now
        with pytest.raises(CircuitOpen):
            await slskd.get_application()

    async def test_only_one_trial_while_half_open(self, harness: Harness) -> None:
        harness.emulators.slskd_faults.replace([fault(APP, status=500)])
        slskd = harness.clients.slskd(harness.settings)
        for _ in range(3):
            with pytest.raises(SlskdServerError):
                await slskd.get_application()
        harness.clock.advance(61)
        admitted = await harness.gateway.admit("slskd", "GET /probe")
        assert admitted.circuit == "half_open"
        with pytest.raises(CircuitOpen):
            await harness.gateway.admit("slskd", "GET /probe")
