"""The response cache service: one backend, metrics, and tag invalidation with its event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tonearm.cache.backends import CacheBackend, CachedResponse, MemoryBackend
from tonearm.observability import Metrics, get_logger

__all__ = ["ResponseCache", "build_cache"]

log = get_logger("tonearm.cache")


class ResponseCache:
    """Cached GET responses. Satisfies the domain's ``Invalidator`` protocol: the domain calls
    :meth:`invalidate` with tags after its transaction commits."""

    def __init__(self, backend: CacheBackend, metrics: Metrics) -> None:
        self.backend = backend
        self.metrics = metrics

    async def lookup(self, key: str) -> CachedResponse | None:
        """The entry for ``key``, counting a hit or a miss."""
        entry = await self.backend.get(key)
        self.metrics.cache_events.labels("hit" if entry else "miss").inc()
        return entry

    async def versions(self, tags: Sequence[str]) -> list[int]:
        """Tag versions to pass back to :meth:`store`."""
        return await self.backend.versions(tags)

    async def store(
        self,
        key: str,
        entry: CachedResponse,
        *,
        tags: Sequence[str],
        ttl_s: float,
        versions: Sequence[int],
    ) -> bool:
        """Store unless one of ``tags`` was invalidated since ``versions`` was read."""
        return await self.backend.put(key, entry, tags=tags, ttl_s=ttl_s, versions=versions)

    async def invalidate(self, tags: Iterable[str], *, reason: str) -> int:
        """Evict every entry carrying one of ``tags``; emits ``cache.invalidate``."""
        tag_list = sorted(set(tags))
        if not tag_list:
            return 0
        evicted = await self.backend.invalidate(tag_list)
        if evicted:
            self.metrics.cache_events.labels("eviction").inc(evicted)
        log.info("cache.invalidate", tags=tag_list, evicted=evicted, reason=reason)
        return evicted

    async def close(self) -> None:
        """Release the backend."""
        await self.backend.close()


def build_cache(
    cache_url: str | None,
    metrics: Metrics,
    *,
    max_entries: int = 1024,
    prefix: str = "tonearm:cache:",
) -> ResponseCache:
    """Memory backend by default; Redis when ``cache_url`` is ``redis://`` or ``rediss://``."""
    if cache_url and cache_url.startswith(("redis://", "rediss://", "unix://")):
        # Imported here: the redis client costs start-up time that the memory default never needs.
        from tonearm.cache.redis_backend import RedisBackend

        return ResponseCache(RedisBackend(cache_url, prefix=prefix), metrics)
    if cache_url and not cache_url.startswith("memory:"):
        raise ValueError("cache_url must start with redis://, rediss:// or memory:")

    def count_eviction(n: int) -> None:
        metrics.cache_events.labels("eviction").inc(n)

    return ResponseCache(MemoryBackend(max_entries, on_evict=count_eviction), metrics)
