"""Fixtures: the slskd emulator in process and a client on it, recording every request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.integration.emulators.slskd_factories import (
    API_KEY,
    BASE,
    FakeClock,
    create_emulator,
)
from tonearm.integrations.slskd import SlskdClient


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
async def http(
    tmp_path: Path, clock: FakeClock, sent: list[httpx.Request]
) -> AsyncIterator[httpx.AsyncClient]:
    async def record(request: httpx.Request) -> None:
        sent.append(request)

    app = create_emulator(tmp_path, clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, event_hooks={"request": [record]}) as client:
        yield client


@pytest.fixture
def client(http: httpx.AsyncClient) -> SlskdClient:
    return SlskdClient(http, BASE, API_KEY, empty_responses_retry_s=0.01)
