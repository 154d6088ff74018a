"""Helpers for slskd client tests: build a client on a custom network, drive the clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.integration.emulators.slskd_factories import (
    API_KEY,
    BASE,
    FakeClock,
    create_emulator,
)
from tonearm.integrations.slskd import SlskdClient, Transfer


@asynccontextmanager
async def open_client(
    tmp_path: Path,
    network: dict[str, Any] | None = None,
    version: str = "0.26",
    clock: FakeClock | None = None,
    faults: Path | None = None,
) -> AsyncIterator[SlskdClient]:
    """A client on a fresh emulator."""
    app = create_emulator(tmp_path, network, version=version, clock=clock, faults=faults)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
        yield SlskdClient(http, BASE, API_KEY, empty_responses_retry_s=0.01)


async def follow(
    client: SlskdClient, clock: FakeClock, username: str, transfer_id: str, steps: int = 60
) -> list[Transfer]:
    """Observe a transfer every 20 ms of emulator time."""
    seen = []
    for _ in range(steps):
        seen.append(await client.get_download(username, transfer_id))
        clock.advance(0.02)
    return seen
