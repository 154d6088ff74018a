"""Where cached responses live: an in-process LRU (default) and the backend protocol."""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["CacheBackend", "CachedResponse", "MemoryBackend"]


@dataclass(frozen=True)
class CachedResponse:
    """A stored 200 response: its body, media type and strong ETag."""

    body: bytes
    media_type: str
    etag: str

    def dumps(self) -> bytes:
        """Serialised form for shared backends."""
        head = json.dumps({"media_type": self.media_type, "etag": self.etag}).encode()
        return head + b"\n" + self.body

    @classmethod
    def loads(cls, raw: bytes) -> CachedResponse:
        """Inverse of :meth:`dumps`."""
        head, _, body = raw.partition(b"\n")
        meta = json.loads(head)
        return cls(body=body, media_type=str(meta["media_type"]), etag=str(meta["etag"]))


class CacheBackend(Protocol):
    """Storage for cached responses with tag-based invalidation.

    ``versions(tags)`` is read before a response is computed and passed back to ``put``,
    which stores nothing if any tag was invalidated meanwhile (no stale entry survives an
    invalidation that raced with the request computing it).
    """

    async def get(self, key: str) -> CachedResponse | None:
        """The entry under ``key`` if present and fresh."""

    async def versions(self, tags: Sequence[str]) -> list[int]:
        """The invalidation counter of each tag."""

    async def put(
        self,
        key: str,
        entry: CachedResponse,
        *,
        tags: Sequence[str],
        ttl_s: float,
        versions: Sequence[int],
    ) -> bool:
        """Store ``entry`` unless a tag's version moved; whether it was stored."""

    async def invalidate(self, tags: Sequence[str]) -> int:
        """Drop every entry carrying one of ``tags``; how many were dropped."""

    async def close(self) -> None:
        """Release connections."""


@dataclass
class _Slot:
    entry: CachedResponse
    tags: tuple[str, ...]
    expires_at: float


class MemoryBackend:
    """A bounded in-process LRU; entries are evicted oldest-used first beyond ``max_entries``."""

    def __init__(
        self, max_entries: int = 1024, *, on_evict: Callable[[int], None] | None = None
    ) -> None:
        self.max_entries = max_entries
        self.on_evict = on_evict
        self._slots: OrderedDict[str, _Slot] = OrderedDict()
        self._by_tag: dict[str, set[str]] = {}
        self._versions: dict[str, int] = {}
        self.lru_evictions = 0

    def __len__(self) -> int:
        return len(self._slots)

    async def get(self, key: str) -> CachedResponse | None:
        slot = self._slots.get(key)
        if slot is None:
            return None
        if slot.expires_at <= time.monotonic():
            self._drop(key)
            return None
        self._slots.move_to_end(key)
        return slot.entry

    async def versions(self, tags: Sequence[str]) -> list[int]:
        return [self._versions.get(tag, 0) for tag in tags]

    async def put(
        self,
        key: str,
        entry: CachedResponse,
        *,
        tags: Sequence[str],
        ttl_s: float,
        versions: Sequence[int],
    ) -> bool:
        if list(versions) != await self.versions(tags):
            return False
        self._drop(key)
        self._slots[key] = _Slot(entry, tuple(tags), time.monotonic() + ttl_s)
        for tag in tags:
            self._by_tag.setdefault(tag, set()).add(key)
        while len(self._slots) > self.max_entries:
            oldest = next(iter(self._slots))
            self._drop(oldest)
            self.lru_evictions += 1
            if self.on_evict is not None:
                self.on_evict(1)
        return True

    async def invalidate(self, tags: Sequence[str]) -> int:
        evicted = 0
        for tag in tags:
            self._versions[tag] = self._versions.get(tag, 0) + 1
            for key in self._by_tag.pop(tag, set()):
                if key in self._slots:
                    self._drop(key)
                    evicted += 1
        return evicted

    def _drop(self, key: str) -> None:
        slot = self._slots.pop(key, None)
        if slot is None:
            return
        for tag in slot.tags:
            keys = self._by_tag.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._by_tag[tag]

    async def close(self) -> None:
        self._slots.clear()
        self._by_tag.clear()
