"""Every request emits one `api.request` event with the contract fields."""

from __future__ import annotations

import httpx
from structlog.testing import capture_logs

REQUIRED = {"component", "method", "route", "entity_id", "status", "duration_ms", "request_id"}


class TestRequestLog:
    async def test_one_event_per_request_with_contract_fields(
        self, client: httpx.AsyncClient
    ) -> None:
        with capture_logs() as logs:
            response = await client.get("/api/v1/activity", headers={"X-Request-ID": "req-42"})
        events = [e for e in logs if e["event"] == "api.request"]
        assert len(events) == 1
        event = events[0]
        assert set(event) >= REQUIRED
        assert event["component"] == "activity"
        assert event["route"] == "/api/v1/activity"
        assert event["status"] == 200
        assert event["request_id"] == "req-42"
        assert response.headers["x-request-id"] == "req-42"

    async def test_rejected_requests_are_logged_too(self, anon_client: httpx.AsyncClient) -> None:
        with capture_logs() as logs:
            await anon_client.get("/api/v1/settings")
        events = [e for e in logs if e["event"] == "api.request"]
        assert [e["status"] for e in events] == [401]
