"""The response cache: opted-in GET routes served with strong ETags, invalidated by tag.

Routes opt in with ``@cached(tags=("playlist:{id}", "playlists"), ttl_s=300)``; the app
installs :class:`ResponseCacheMiddleware` and hands the :class:`ResponseCache` to the domain
as its ``Invalidator``. Memory backend by default, Redis when ``cache_url`` is ``redis://``.
"""

from tonearm.cache.backends import CacheBackend, CachedResponse, MemoryBackend
from tonearm.cache.middleware import (
    CACHE_CONTROL,
    VARY,
    ResponseCacheMiddleware,
    auth_scope,
    strong_etag,
)
from tonearm.cache.policy import CachePolicy, cached, cached_routes, policy_of
from tonearm.cache.service import ResponseCache, build_cache

__all__ = [
    "CACHE_CONTROL",
    "VARY",
    "CacheBackend",
    "CachePolicy",
    "CachedResponse",
    "MemoryBackend",
    "ResponseCache",
    "ResponseCacheMiddleware",
    "auth_scope",
    "build_cache",
    "cached",
    "cached_routes",
    "policy_of",
    "strong_etag",
]
