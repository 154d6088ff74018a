"""The response cache through the app: routes, keys per API key, Redis across instances."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import structlog.testing

from tests.conftest import api_client, create_settings
from tests.integration.playlists.support import PRO_SETTINGS, grant_pro
from tonearm.app import build_services, create_app
from tonearm.cache import ResponseCache, cached_routes
from tonearm.cache.redis_backend import RedisBackend
from tonearm.db.models import Playlist
from tonearm.security import rotate_api_key

REDIS_URL = os.environ.get("TONEARM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
LIST = "/api/v1/spotify/playlists"


def test_cached_routes_are_exactly_these(sqlite_url: str, tmp_path: Path) -> None:
    app = create_app(create_settings(tmp_path, sqlite_url))
    assert sorted(cached_routes(app.routes)) == [
        "/api/v1/artists/{artist_key}",
        "/api/v1/spotify/playlists",
        "/api/v1/spotify/playlists/{id}",
    ]


async def _add_playlist(app: object, name: str) -> None:
    services = app.state.services  # type: ignore[attr-defined]
    async with services.db.transaction() as session:
        session.add(
            Playlist(
                spotify_id=uuid.uuid4().hex[:22],
                name=name,
                track_count=0,
                revision=1,
                followed=True,
            )
        )


async def test_two_api_keys_never_share_entries(sqlite_url: str, tmp_path: Path) -> None:
    settings = create_settings(tmp_path, sqlite_url, api_key=None, **PRO_SETTINGS)
    app = create_app(settings)
    services = app.state.services
    metrics = services.metrics.cache_events
    first_key = services.keys.current()
    async with app.router.lifespan_context(app):
        await grant_pro(services)
        await _add_playlist(app, "Mine")
        async with api_client(app, key=first_key) as http:
            assert (await http.get(LIST)).status_code == 200
            assert (await http.get(LIST)).status_code == 200
        assert metrics.labels("hit")._value.get() == 1
        rotate_api_key(settings)
        second_key = services.keys.current()
        assert second_key != first_key
        async with api_client(app, key=second_key) as http:
            assert (await http.get(LIST)).status_code == 200
        async with api_client(app, key=None) as http:
            bearer = await http.get(LIST, headers={"Authorization": f"Bearer {second_key}"})
            assert bearer.status_code == 200
    assert metrics.labels("hit")._value.get() == 1
    assert metrics.labels("miss")._value.get() == 3


@pytest.mark.redis
async def test_redis_invalidation_is_seen_by_a_second_instance(
    sqlite_url: str, tmp_path: Path
) -> None:
    prefix = f"tonearm:test:{uuid.uuid4().hex}:"
    settings = create_settings(tmp_path, sqlite_url, cache_url=REDIS_URL, **PRO_SETTINGS)
    apps = []
    for _ in range(2):
        services = build_services(settings)
        cache = ResponseCache(RedisBackend(REDIS_URL, prefix=prefix), services.metrics)
        services.extras["cache"] = cache
        services.extras.setdefault("on_shutdown", []).append(cache.close)
        apps.append(create_app(settings, services))
    one, two = apps
    try:
        await one.state.services.extras["cache"].backend.redis.ping()
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"Redis is not reachable: {exc}")
    try:
        async with (
            one.router.lifespan_context(one),
            two.router.lifespan_context(two),
            api_client(one) as http_one,
            api_client(two) as http_two,
        ):
            await grant_pro(one.state.services)
            await _add_playlist(one, "First")
            etag = (await http_one.get(LIST)).headers["etag"]
            assert (await http_two.get(LIST, headers={"If-None-Match": etag})).status_code == 304
            await _add_playlist(one, "Second")
            evicted = await one.state.services.extras["cache"].invalidate(
                ["playlists"], reason="test"
            )
            assert evicted == 1
            fresh = await http_two.get(LIST, headers={"If-None-Match": etag})
            assert fresh.status_code == 200
            assert fresh.json()["total"] == 2
    finally:
        cleanup = RedisBackend(REDIS_URL, prefix=prefix)
        await cleanup.clear_prefix()
        await cleanup.close()


async def test_a_cache_hit_is_logged_with_its_route_and_entity(
    sqlite_url: str, tmp_path: Path
) -> None:
    app = create_app(create_settings(tmp_path, sqlite_url, **PRO_SETTINGS))
    services = app.state.services
    async with app.router.lifespan_context(app):
        await grant_pro(services)
        await _add_playlist(app, "Logged")
        async with api_client(app, key=services.keys.current()) as http:
            assert (await http.get(LIST)).status_code == 200
            with structlog.testing.capture_logs() as events:
                hit = await http.get(LIST)
    assert services.metrics.cache_events.labels("hit")._value.get() == 1
    assert hit.status_code == 200
    (logged,) = [e for e in events if e["event"] == "api.request"]
    assert logged["route"] == LIST
    assert logged["component"] == "playlists"
    assert logged["status"] == 200
