"""A Redis backend so every API replica sees the same entries and the same invalidations."""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis
from redis.exceptions import WatchError

from tonearm.cache.backends import CachedResponse

__all__ = ["RedisBackend"]


class RedisBackend:
    """Entries under ``<prefix>e:<key>`` (with TTL), tag members in ``<prefix>t:<tag>`` sets,
    tag invalidation counters in ``<prefix>v:<tag>``."""

    def __init__(self, url: str, *, prefix: str = "tonearm:cache:") -> None:
        self.prefix = prefix
        self.redis: Redis = Redis.from_url(url)

    def _entry(self, key: str) -> str:
        return f"{self.prefix}e:{key}"

    def _tag(self, tag: str) -> str:
        return f"{self.prefix}t:{tag}"

    def _version(self, tag: str) -> str:
        return f"{self.prefix}v:{tag}"

    async def get(self, key: str) -> CachedResponse | None:
        raw = await self.redis.get(self._entry(key))
        if raw is None:
            return None
        return CachedResponse.loads(raw if isinstance(raw, bytes) else str(raw).encode())

    async def versions(self, tags: Sequence[str]) -> list[int]:
        if not tags:
            return []
        values = await self.redis.mget([self._version(t) for t in tags])
        return [int(v) if v is not None else 0 for v in values]

    async def put(
        self,
        key: str,
        entry: CachedResponse,
        *,
        tags: Sequence[str],
        ttl_s: float,
        versions: Sequence[int],
    ) -> bool:
        version_keys = [self._version(t) for t in tags]
        ttl_ms = max(1, int(ttl_s * 1000))
        async with self.redis.pipeline(transaction=True) as pipe:
            try:
                if version_keys:
                    await pipe.watch(*version_keys)
                    current = await pipe.mget(version_keys)
                    if [int(v) if v is not None else 0 for v in current] != list(versions):
                        return False
                pipe.multi()  # type: ignore[no-untyped-call]
                pipe.set(self._entry(key), entry.dumps(), px=ttl_ms)
                for tag in tags:
                    pipe.sadd(self._tag(tag), key)
                    pipe.pexpire(self._tag(tag), ttl_ms, gt=True)
                    pipe.pexpire(self._tag(tag), ttl_ms, nx=True)
                await pipe.execute()
            except WatchError:
                return False
        return True

    async def invalidate(self, tags: Sequence[str]) -> int:
        evicted = 0
        for tag in tags:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(self._version(tag))
                pipe.smembers(self._tag(tag))
                pipe.delete(self._tag(tag))
                _, members, _ = await pipe.execute()
            if members:
                evicted += int(await self.redis.delete(*[self._entry(m.decode()) for m in members]))
        return evicted

    async def clear_prefix(self) -> None:
        """Delete every key under this backend's prefix (tests and maintenance)."""
        async for name in self.redis.scan_iter(match=f"{self.prefix}*", count=500):
            await self.redis.delete(name)

    async def close(self) -> None:
        await self.redis.aclose()
