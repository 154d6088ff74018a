"""The slskd client against the emulator served by uvicorn on 127.0.0.1, and its contract."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
import yaml

from tests.integration.emulators.slskd_factories import API_KEY, create_network, write_network
from tonearm.emulators.slskd import create_slskd_emulator
from tonearm.integrations.slskd import (
    FileToDownload,
    SlskdClient,
    SlskdConcurrencyLimited,
    SlskdSearchTimeout,
)

CONTRACT = Path(__file__).resolve().parents[4] / ".." / "shared" / "contracts"
CONTRACT_FILE = CONTRACT / "slskd-0.17.8.openapi.yaml"
# Routes slskd gained after 0.17.8 (EXTERNAL.md): batches (0.26) and the event log.
NEWER_ROUTES = ["/transfers/downloads/batches", "/events"]


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[str]:
    network = write_network(tmp_path / "network.json", create_network(search_delay_ms=60_000))
    app = create_slskd_emulator(network, tmp_path / "downloads", API_KEY)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


async def test_over_real_http(server_url: str) -> None:
    async with httpx.AsyncClient() as http:
        client = SlskdClient(http, server_url, API_KEY)
        results = await asyncio.gather(
            client.create_search("radiohead karma"),
            client.create_search("radiohead airbag"),
            return_exceptions=True,
        )
        assert sum(isinstance(r, SlskdConcurrencyLimited) for r in results) == 1
        search = next(r for r in results if not isinstance(r, BaseException))
        with pytest.raises(SlskdSearchTimeout):
            await client.wait_for_search(search.id, deadline_s=0.2, poll_interval=0.05)
        assert (await client.get_search(search.id)).state == "Completed, Cancelled"


def _route_patterns() -> list[re.Pattern[str]]:
    if not CONTRACT_FILE.is_file():
        pytest.skip(f"slskd contract not found at {CONTRACT_FILE}")
    spec = yaml.safe_load(CONTRACT_FILE.read_text(encoding="utf-8"))
    paths = [*spec["paths"], *NEWER_ROUTES]
    return [re.compile("^/api/v0" + re.sub(r"\{[^}]+\}", "[^/]+", p) + "$") for p in paths]


async def test_client_uses_only_routes_and_fields_slskd_has(tmp_path: Path) -> None:
    patterns = _route_patterns()
    spec = yaml.safe_load(CONTRACT_FILE.read_text(encoding="utf-8"))
    search_fields = set(spec["components"]["schemas"]["SearchRequest"]["properties"])
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    network = write_network(tmp_path / "network.json", create_network(search_delay_ms=0))
    app = create_slskd_emulator(network, tmp_path / "downloads", API_KEY)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, event_hooks={"request": [record]}) as http:
        client = SlskdClient(http, "http://slskd.test", API_KEY, empty_responses_retry_s=0)
        search = await client.create_search("karma police", minimum_peer_upload_speed=1)
        await client.wait_for_search(search.id, deadline_s=5, poll_interval=0.01)
        (response, *_) = await client.get_responses(search.id)
        file = response.files[0]
        await client.enqueue_download(
            response.username, [FileToDownload(filename=file.filename, size=file.size)]
        )
        await client.list_downloads()
        await client.get_events()
        await client.cancel_search(search.id)
        await client.delete_search(search.id)
    for request in sent:
        assert any(p.match(request.url.path) for p in patterns), request.url.path
        assert request.headers["X-API-Key"] == API_KEY
    body = json.loads(sent[0].content)
    assert set(body) <= search_fields
    assert body["searchTimeout"] == 15000
