"""ASGI middleware serving opted-in GET routes from the cache, with strong ETags and 304s.

It sits inside authentication, so only authorised requests reach it. Keys combine the route
template, its path parameters, the sorted query parameters and the caller's auth scope (a
hash of the credential), so two API keys never share an entry.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qsl

from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tonearm.cache.backends import CachedResponse
from tonearm.cache.policy import CachePolicy, cached_route_list
from tonearm.cache.service import ResponseCache

__all__ = ["CACHE_CONTROL", "VARY", "ResponseCacheMiddleware", "auth_scope", "strong_etag"]

CACHE_CONTROL = b"private, max-age=0, must-revalidate"
VARY = b"X-API-Key, Authorization, Cookie"
_SCOPE_HEADERS = (b"x-api-key", b"authorization", b"cookie")


def strong_etag(body: bytes) -> str:
    """A strong ETag: the hash of the exact body bytes."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def auth_scope(scope: Scope) -> str:
    """A hash of the request's credentials (never the credential itself)."""
    digest = hashlib.sha256()
    headers = dict(scope.get("headers", ()))
    for name in _SCOPE_HEADERS:
        digest.update(name + b"=" + headers.get(name, b"") + b";")
    return digest.hexdigest()[:24]


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    candidates = [part.strip() for part in header.split(",")]
    return "*" in candidates or etag in candidates or f"W/{etag}" in candidates


class ResponseCacheMiddleware:
    """Serve and fill the cache for routes marked with ``@cached``."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, routes_app: Any) -> None:
        self.app = app
        self.cache = cache
        self.routes_app = routes_app  # the FastAPI app whose routes are matched
        self._cached: list[tuple[Route, CachePolicy]] | None = None

    def _match(self, scope: Scope) -> tuple[str, dict[str, Any], CachePolicy] | None:
        if self._cached is None:  # routes are complete once requests flow
            self._cached = cached_route_list(self.routes_app.routes)
        for route, policy in self._cached:
            match, child = route.matches(scope)
            if match is Match.FULL:
                # Served from the cache, the router never runs: name the route for the
                # request log here, as the router would.
                scope["route"] = route
                scope["path_params"] = dict(child.get("path_params", {}))
                return str(route.path), scope["path_params"], policy
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        matched = self._match(scope)
        if matched is None:
            await self.app(scope, receive, send)
            return
        template, params, policy = matched
        key = self._key(scope, template, params)
        if_none_match = dict(scope.get("headers", ())).get(b"if-none-match", b"").decode("latin-1")
        entry = await self.cache.lookup(key)
        if entry is not None:
            await self._reply(send, entry, if_none_match, scope.get("method") == "HEAD")
            return
        tags = policy.tags_for(params)
        versions = await self.cache.versions(tags)
        await self._fill(scope, receive, send, key, tags, versions, policy, if_none_match)

    @staticmethod
    def _key(scope: Scope, template: str, params: dict[str, Any]) -> str:
        query = sorted(parse_qsl(scope.get("query_string", b"").decode("latin-1"), True))
        path_part = "&".join(f"{k}={params[k]}" for k in sorted(params))
        query_part = "&".join(f"{k}={v}" for k, v in query)
        raw = f"{template}|{path_part}|{query_part}|{auth_scope(scope)}"
        return hashlib.sha256(raw.encode()).hexdigest()

    async def _fill(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: str,
        tags: list[str],
        versions: list[int],
        policy: CachePolicy,
        if_none_match: str,
    ) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._finish(
                        send, start, b"".join(chunks), key, tags, versions, policy, if_none_match
                    )
                return
            await send(message)

        await self.app(scope, receive, capture)

    async def _finish(
        self,
        send: Send,
        start: Message | None,
        body: bytes,
        key: str,
        tags: list[str],
        versions: list[int],
        policy: CachePolicy,
        if_none_match: str,
    ) -> None:
        if start is None or start["status"] != 200:
            if start is not None:
                await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        headers = dict(start.get("headers", []))
        media_type = headers.get(b"content-type", b"application/json").decode("latin-1")
        entry = CachedResponse(body=body, media_type=media_type, etag=strong_etag(body))
        await self.cache.store(key, entry, tags=tags, ttl_s=policy.ttl_s, versions=versions)
        await self._reply(send, entry, if_none_match, head=False, extra=start.get("headers", []))

    @staticmethod
    async def _reply(
        send: Send,
        entry: CachedResponse,
        if_none_match: str,
        head: bool,
        extra: list[Any] | None = None,
    ) -> None:
        keep = [
            (k, v)
            for k, v in (extra or [])
            if k.lower()
            not in (b"content-length", b"content-type", b"etag", b"cache-control", b"vary")
        ]
        common = [
            (b"etag", entry.etag.encode()),
            (b"cache-control", CACHE_CONTROL),
            (b"vary", VARY),
            *keep,
        ]
        if _etag_matches(if_none_match, entry.etag):
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return
        body = b"" if head else entry.body
        headers = [
            (b"content-type", entry.media_type.encode()),
            (b"content-length", str(len(entry.body)).encode()),
            *common,
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
