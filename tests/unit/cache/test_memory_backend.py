"""The in-process cache backend: LRU eviction beyond its size (counted), TTL expiry, tags and
the version check that keeps a raced invalidation from leaving a stale entry."""

from __future__ import annotations

import time

import pytest

from tonearm.cache import CachedResponse, MemoryBackend, ResponseCache, build_cache
from tonearm.observability import Metrics


def create_entry(body: str) -> CachedResponse:
    return CachedResponse(body=body.encode(), media_type="application/json", etag=f'"{body}"')


async def put(backend: MemoryBackend, key: str, *tags: str, ttl_s: float = 60.0) -> bool:
    versions = await backend.versions(list(tags))
    return await backend.put(
        key, create_entry(key), tags=list(tags), ttl_s=ttl_s, versions=versions
    )


class TestLruEviction:
    async def test_the_least_recently_used_entry_goes_first(self) -> None:
        evictions: list[int] = []
        backend = MemoryBackend(3, on_evict=evictions.append)
        for key in ("a", "b", "c"):
            await put(backend, key, "playlists")
        assert await backend.get("a") is not None  # "a" is now the most recently used
        await put(backend, "d", "playlists")
        assert await backend.get("b") is None
        assert [k for k in ("a", "c", "d") if await backend.get(k) is not None] == ["a", "c", "d"]
        assert (len(backend), backend.lru_evictions, evictions) == (3, 1, [1])

    async def test_an_evicted_entry_leaves_its_tags(self) -> None:
        backend = MemoryBackend(1)
        await put(backend, "a", "playlist:a")
        await put(backend, "b", "playlist:b")
        assert await backend.invalidate(["playlist:a"]) == 0
        assert await backend.invalidate(["playlist:b"]) == 1

    async def test_the_eviction_metric_counts_lru_evictions(self) -> None:
        metrics = Metrics()
        cache = build_cache(None, metrics, max_entries=2)
        for key in ("a", "b", "c", "d"):
            versions = await cache.versions(["playlists"])
            await cache.store(
                key, create_entry(key), tags=["playlists"], ttl_s=60, versions=versions
            )
        assert metrics.cache_events.labels("eviction")._value.get() == 2
        assert await cache.lookup("a") is None
        assert await cache.lookup("d") is not None


class TestTagsAndVersions:
    async def test_invalidation_drops_every_entry_of_a_tag(self) -> None:
        backend = MemoryBackend()
        await put(backend, "list", "playlists", "spotify")
        await put(backend, "one", "playlist:x", "spotify")
        await put(backend, "other", "artist:y")
        assert await backend.invalidate(["spotify"]) == 2
        assert await backend.get("list") is None
        assert await backend.get("other") is not None

    async def test_a_put_after_a_raced_invalidation_stores_nothing(self) -> None:
        backend = MemoryBackend()
        versions = await backend.versions(["playlists"])
        await backend.invalidate(["playlists"])
        stored = await backend.put(
            "list", create_entry("old"), tags=["playlists"], ttl_s=60, versions=versions
        )
        assert stored is False
        assert await backend.get("list") is None

    async def test_an_expired_entry_is_gone(self) -> None:
        backend = MemoryBackend()
        await put(backend, "short", "playlists", ttl_s=0.001)
        deadline = time.monotonic() + 1
        while time.monotonic() < deadline and await backend.get("short") is not None:
            pass  # polls the entry until its TTL passes (bounded)
        assert await backend.get("short") is None
        assert len(backend) == 0


class TestResponseCache:
    async def test_hits_and_misses_are_counted(self) -> None:
        metrics = Metrics()
        cache = ResponseCache(MemoryBackend(), metrics)
        assert await cache.lookup("k") is None
        await cache.store("k", create_entry("k"), tags=[], ttl_s=60, versions=[])
        assert await cache.lookup("k") is not None
        events = metrics.cache_events
        assert (events.labels("hit")._value.get(), events.labels("miss")._value.get()) == (1, 1)

    def test_an_unknown_cache_url_is_refused(self) -> None:
        with pytest.raises(ValueError, match="cache_url"):
            build_cache("memcached://127.0.0.1", Metrics())
