"""The playlist routes need PRO mode, and a Spotify credential change evicts their cached
answers (which skip that check when served again)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from structlog.testing import capture_logs

from tests.conftest import serving
from tests.integration.playlists.support import authorize_pro
from tests.integration.providers.emulated import (
    Emulators,
    create_emulators,
    create_provider_app,
    create_provider_settings,
)
from tonearm.db.models import Job
from tonearm.domain.playlists import sync_playlist

PLAYLIST = "JASQiCspSInFDe3HxidbDs"  # "Tonearm Wishlist", 15 tracks in the bundled demo data
LIST = "/api/v1/spotify/playlists"
DETAIL = f"{LIST}/{PLAYLIST}"
ROUTES = [
    ("GET", LIST),
    ("GET", DETAIL),
    ("POST", f"{LIST}/sync"),
    ("POST", f"{DETAIL}/sync"),
]


@dataclass
class World:
    app: FastAPI
    api: httpx.AsyncClient
    emulators: Emulators

    async def authorize(self) -> None:
        await authorize_pro(self.api, self.emulators.spotify)

    async def sync(self) -> None:
        services = self.app.state.services
        access = services.extras["spotify_access"]
        async with access.user_client() as reader:
            await sync_playlist(services.db, reader, PLAYLIST, services.extras["invalidator"])

    async def jobs(self) -> int:
        async with self.app.state.services.db.transaction(readonly=True) as session:
            return int((await session.execute(select(func.count(Job.id)))).scalar_one())

    def cache_count(self, result: str) -> float:
        counter: Any = self.app.state.services.metrics.cache_events.labels(result)
        return float(counter._value.get())


@pytest.fixture
async def world(tmp_path: Path, db_url: str) -> AsyncIterator[World]:
    emulators = create_emulators(tmp_path)
    app = create_provider_app(create_provider_settings(tmp_path, db_url), emulators)
    async with serving(app) as api:
        yield World(app, api, emulators)


def _assert_credentials_missing(answer: httpx.Response) -> None:
    assert answer.status_code == 409, answer.text
    assert answer.json()["ok"] is False
    assert answer.json()["error"]["code"] == "CREDENTIALS_MISSING"


class TestProGate:
    @pytest.mark.parametrize(("method", "url"), ROUTES)
    async def test_without_an_authorised_account_every_route_is_refused(
        self, world: World, method: str, url: str
    ) -> None:
        _assert_credentials_missing(await world.api.request(method, url))
        assert await world.jobs() == 0

    async def test_without_credentials_the_refusal_says_to_configure_them(
        self, world: World
    ) -> None:
        await world.authorize()
        cleared = await world.api.patch(
            "/api/v1/settings", json={"spotify_client_id": None, "spotify_client_secret": None}
        )
        assert cleared.status_code == 200, cleared.text
        answer = await world.api.post(f"{LIST}/sync")
        _assert_credentials_missing(answer)
        assert "client id and secret" in answer.json()["error"]["message"]

    async def test_with_pro_the_routes_answer(self, world: World) -> None:
        await world.authorize()
        assert (await world.api.get(DETAIL)).status_code == 404  # not synced yet
        all_queued = await world.api.post(f"{LIST}/sync")
        one_queued = await world.api.post(f"{DETAIL}/sync")
        assert (all_queued.status_code, one_queued.status_code) == (202, 202)
        assert one_queued.json()["status"] == "queued"
        assert await world.jobs() == 2
        await world.sync()
        listing = await world.api.get(LIST)
        assert listing.status_code == 200
        assert [p["id"] for p in listing.json()["items"]] == [PLAYLIST]
        detail = await world.api.get(DETAIL)
        assert detail.status_code == 200
        assert len(detail.json()["tracks"]) == 15


class TestCredentialChange:
    async def _cached(self, world: World) -> tuple[str, str]:
        await world.authorize()
        await world.sync()
        tags = []
        for url in (LIST, DETAIL):
            etag = (await world.api.get(url)).headers["etag"]
            again = await world.api.get(url, headers={"If-None-Match": etag})
            assert again.status_code == 304
            tags.append(etag)
        return tags[0], tags[1]

    async def test_clearing_the_secret_evicts_the_cached_answers(self, world: World) -> None:
        list_etag, detail_etag = await self._cached(world)
        with capture_logs() as logs:
            patched = await world.api.patch(
                "/api/v1/settings", json={"spotify_client_secret": None}
            )
        assert patched.status_code == 200, patched.text
        evictions = [e for e in logs if e["event"] == "cache.invalidate"]
        assert evictions
        assert evictions[0]["tags"] == ["playlists", "spotify"]
        assert evictions[0]["reason"] == "spotify.credentials_changed"
        assert evictions[0]["evicted"] == 2
        _assert_credentials_missing(await world.api.get(LIST, headers={"If-None-Match": list_etag}))
        _assert_credentials_missing(
            await world.api.get(DETAIL, headers={"If-None-Match": detail_etag})
        )

    async def test_another_client_id_is_not_served_from_the_cache(self, world: World) -> None:
        list_etag, _ = await self._cached(world)
        patched = await world.api.patch(
            "/api/v1/settings", json={"spotify_client_id": "another-client"}
        )
        assert patched.status_code == 200, patched.text
        _assert_credentials_missing(await world.api.get(LIST, headers={"If-None-Match": list_etag}))

    async def test_a_new_secret_recomputes_the_answers(self, world: World) -> None:
        list_etag, _ = await self._cached(world)
        misses = world.cache_count("miss")
        patched = await world.api.patch(
            "/api/v1/settings", json={"spotify_client_secret": "a-rotated-secret"}
        )
        assert patched.status_code == 200, patched.text
        again = await world.api.get(LIST, headers={"If-None-Match": list_etag})
        assert again.status_code == 304  # same content, recomputed rather than served
        assert world.cache_count("miss") == misses + 1

    async def test_other_settings_keep_the_cached_answers(self, world: World) -> None:
        list_etag, _ = await self._cached(world)
        hits = world.cache_count("hit")
        patched = await world.api.patch("/api/v1/settings", json={"lyrics_enabled": True})
        assert patched.status_code == 200, patched.text
        again = await world.api.get(LIST, headers={"If-None-Match": list_etag})
        assert again.status_code == 304
        assert world.cache_count("hit") == hits + 1
