"""Unified search through the app: sources in parallel, one failing source, filters, sort,
and the api.request event."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from structlog.testing import capture_logs

from tests.integration.artists.world import World, open_world
from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import LibraryFile
from tonearm.domain.search import SearchRequest, search_everything
from tonearm.emulators._common import FaultRule


@pytest.fixture
async def world(tmp_path: Path, db_url: str) -> AsyncIterator[World]:
    async with open_world(tmp_path, db_url) as opened:
        yield opened


async def _add_library_file(world: World) -> None:
    db = Database(world.settings.resolved_database_url)
    try:
        async with db.transaction() as session:
            session.add(
                LibraryFile(
                    path="Radiohead/OK Computer (1997)/06 - Karma Police.flac",
                    path_hash="a" * 64,
                    title="Karma Police",
                    artists=["Radiohead"],
                    album="OK Computer",
                    year=1997,
                    format="flac",
                    bitrate=900,
                    duration_ms=264_000,
                    size=30_000_000,
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
            )
    finally:
        await db.dispose()


class TestUnifiedSearch:
    async def test_all_sources_merge_into_one_schema(self, world: World) -> None:
        await _add_library_file(world)
        async with world.app() as client:
            response = await client.post(
                "/api/v1/search", json={"query": "Radiohead Karma Police", "size": 100}
            )
        body = response.json()
        assert response.status_code == 200
        assert body["errors"] == {}
        assert {i["source"] for i in body["items"]} == {"spotify", "soulseek", "library"}
        assert body["items"][0]["score"] >= body["items"][-1]["score"]
        soulseek = next(i for i in body["items"] if i["source"] == "soulseek")
        assert soulseek["username"]
        assert soulseek["filename"]

    async def test_one_source_failing_returns_the_others_and_errors(self, world: World) -> None:
        await _add_library_file(world)
        world.slskd.state.faults.replace([FaultRule(match="* /api/v0/searches*", status=503)])
        async with world.app() as client:
            response = await client.post("/api/v1/search", json={"query": "Karma Police"})
        body = response.json()
        assert response.status_code == 200
        assert set(body["errors"]) == {"soulseek"}
        assert body["errors"]["soulseek"].startswith("DEPENDENCY_ERROR: ")
        assert {i["source"] for i in body["items"]} == {"spotify", "library"}

    async def test_rate_limited_provider_is_reported_with_its_code(self, world: World) -> None:
        await _add_library_file(world)
        world.slskd.state.faults.replace(
            [FaultRule(match="POST /api/v0/searches", status=429, retry_after=120)]
        )
        async with world.app() as client:
            response = await client.post("/api/v1/search", json={"query": "Karma Police"})
            world.slskd.state.faults.clear()
            again = await client.post("/api/v1/search", json={"query": "Karma Police"})
        body = response.json()
        assert response.status_code == 200
        assert body["errors"]["soulseek"].startswith("RATE_LIMITED: ")
        assert {i["source"] for i in body["items"]} == {"spotify", "library"}
        # slskd answers again, but the provider-wide cooldown it asked for still holds.
        assert again.json()["errors"]["soulseek"].startswith("RATE_LIMITED: ")

    async def test_open_circuit_is_reported_with_its_code(self, world: World) -> None:
        await _add_library_file(world)
        world.spotify.state.faults.replace([FaultRule(match="GET /v1/search", status=500)])
        async with world.app(provider_circuit_threshold=1) as client:
            failing = await client.post("/api/v1/search", json={"query": "Karma Police"})
            world.spotify.state.faults.clear()
            tripped = await client.post("/api/v1/search", json={"query": "Karma Police"})
        assert failing.json()["errors"]["spotify"].startswith("DEPENDENCY_ERROR: ")
        body = tripped.json()
        assert tripped.status_code == 200
        assert set(body["errors"]) == {"spotify"}
        assert body["errors"]["spotify"].startswith("CIRCUIT_OPEN: ")
        assert {i["source"] for i in body["items"]} == {"soulseek", "library"}

    async def test_unconfigured_spotify_is_reported(self, world: World) -> None:
        async with world.app(spotify_client_id=None) as client:
            response = await client.post(
                "/api/v1/search", json={"query": "Karma Police", "sources": ["spotify"]}
            )
        assert response.status_code == 200
        assert response.json()["errors"]["spotify"].startswith("NOT_CONFIGURED: ")

    async def test_filters_and_sort(self, world: World) -> None:
        async with world.app() as client:
            response = await client.post(
                "/api/v1/search",
                json={
                    "query": "Karma Police",
                    "sources": ["soulseek"],
                    "filters": {"formats": ["mp3"], "min_bitrate": 100},
                    "sort": {"by": "bitrate", "order": "asc"},
                },
            )
        items = response.json()["items"]
        assert items
        assert {i["format"] for i in items} == {"mp3"}
        bitrates = [i["bitrate"] for i in items]
        assert bitrates == sorted(bitrates)

    async def test_artist_results_carry_the_watchlist_key(self, world: World) -> None:
        async with world.app() as client:
            found = await client.post(
                "/api/v1/search",
                json={"query": "Radiohead", "sources": ["spotify"], "types": ["artist"]},
            )
            key = found.json()["items"][0]["id"]
            added = await client.post("/api/v1/watchlist", json={"artist_key": key})
        assert key.startswith("spotify:")
        assert added.status_code == 201

    async def test_pages_partition_the_results(self, world: World) -> None:
        query = {"query": "Karma Police", "sources": ["soulseek"], "sort": {"by": "bitrate"}}
        async with world.app() as client:
            everything = (await client.post("/api/v1/search", json=query)).json()
            pages = [
                (await client.post("/api/v1/search", json={**query, "size": 1, "page": n})).json()
                for n in (1, 2, 3)
            ]
        assert everything["total"] == 2
        assert [p["total"] for p in pages] == [2, 2, 2]
        assert [i["id"] for p in pages for i in p["items"]] == [
            i["id"] for i in everything["items"]
        ]
        assert pages[2]["items"] == []

    async def test_size_is_capped(self, world: World) -> None:
        async with world.app() as client:
            response = await client.post("/api/v1/search", json={"query": "x", "size": 101})
        assert response.status_code == 422

    async def test_emits_api_request_event(self, world: World) -> None:
        async with world.app() as client:
            with capture_logs() as logs:
                await client.post("/api/v1/search", json={"query": "Karma", "sources": ["library"]})
        events = [e for e in logs if e["event"] == "api.request"]
        assert len(events) == 1
        event = events[0]
        assert event["component"] == "search"
        assert event["route"] == "/api/v1/search"
        assert event["method"] == "POST"
        assert event["status"] == 200
        assert event["entity_id"] is None  # no path id: one search is not an entity
        assert event["duration_ms"] >= 0
        assert event["request_id"]


class TestSlowSoulseek:
    async def test_bounded_wait_returns_what_arrived(self, tmp_path: Path, db_url: str) -> None:
        async with (
            open_world(tmp_path, db_url, search_delay_ms=600_000) as slow,
            slow.app(search_slskd_wait_s=0.5) as client,
        ):
            started = time.monotonic()
            response = await client.post(
                "/api/v1/search", json={"query": "Karma Police", "sources": ["soulseek"]}
            )
            elapsed = time.monotonic() - started
        body = response.json()
        assert response.status_code == 200
        assert body["errors"] == {}
        assert {i["username"] for i in body["items"]} == {"alice", "bob"}
        assert elapsed < 10  # the search itself would run for ten minutes


class TestWithoutAppProviders:
    async def test_callers_without_clients_still_go_through_the_gateway(self, world: World) -> None:
        db = Database(world.settings.resolved_database_url)
        mounts: dict[str, httpx.AsyncBaseTransport] = {
            "http://spotify.test": httpx.ASGITransport(app=world.spotify),
            "http://slskd.test": httpx.ASGITransport(app=world.slskd),
        }
        request = SearchRequest(query="Karma Police", sources=["spotify", "soulseek"])
        try:
            page = await search_everything(request, world.settings, db, mounts=mounts)
            await world.providers(db).gateway.cool_down("slskd", 60.0, "test: slow down")
            cooled = await search_everything(request, world.settings, db, mounts=mounts)
        finally:
            await db.dispose()
        assert page.errors == {}
        assert {i.source for i in page.items} == {"spotify", "soulseek"}
        assert cooled.errors["soulseek"].startswith("RATE_LIMITED: ")
        assert {i.source for i in cooled.items} == {"spotify"}
