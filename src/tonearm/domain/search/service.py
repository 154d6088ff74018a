"""Unified search: every source in parallel, one schema, per-source errors, one page.

Spotify and slskd are reached only through the provider gateway (:class:`ProviderClients`):
a cooldown or an open circuit shows up as that source's error, never as a failed search.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

from tonearm.config import Settings
from tonearm.db import Database
from tonearm.domain.artists.provider import catalog_configured, open_spotify_catalog
from tonearm.domain.providers import GatewayPolicy, ProviderClients, ProviderGateway
from tonearm.domain.search.errors import SourceTimeout, SourceUnavailable, describe_source_error
from tonearm.domain.search.refine import apply_filters, score_items, sort_items
from tonearm.domain.search.schemas import SearchItem, SearchPage, SearchRequest
from tonearm.domain.search.sources import search_library, search_soulseek, search_spotify
from tonearm.observability import get_logger

__all__ = ["SourceRunner", "run_search", "search_everything", "search_with_providers"]

log = get_logger("tonearm.domain.search")

SourceRunner = Callable[[SearchRequest], Awaitable[list[SearchItem]]]
# Beyond its result wait, slskd gets this long to create the search and hand over responses.
SOULSEEK_GRACE_S = 5.0


@dataclass(frozen=True)
class _Outcome:
    source: str
    items: list[SearchItem]
    error: str | None


async def _run(
    name: str, runner: SourceRunner, request: SearchRequest, deadline_s: float | None
) -> _Outcome:
    try:
        async with asyncio.timeout(deadline_s):
            return _Outcome(name, await runner(request), None)
    except TimeoutError:
        error = describe_source_error(SourceTimeout(deadline_s or 0.0))
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # one failing source never fails the search
        error = describe_source_error(exc)
    log.warning("search.source_failed", source=name, error=error)
    return _Outcome(name, [], error)


async def run_search(
    request: SearchRequest,
    runners: Mapping[str, SourceRunner],
    deadlines: Mapping[str, float] | None = None,
) -> SearchPage:
    """Run the requested sources concurrently (each within its deadline, if any), then
    filter, score, sort and paginate.

    A requested source missing from ``runners`` is reported in ``errors`` as unavailable.
    """
    deadlines = deadlines or {}
    names = list(dict.fromkeys(request.sources))
    errors: dict[str, str] = {
        n: describe_source_error(SourceUnavailable("not available", code="NOT_CONFIGURED"))
        for n in names
        if n not in runners
    }
    outcomes = await asyncio.gather(
        *(_run(n, runners[n], request, deadlines.get(n)) for n in names if n in runners)
    )
    items: list[SearchItem] = []
    for outcome in outcomes:
        if outcome.error is not None:
            errors[outcome.source] = outcome.error
        items.extend(i for i in outcome.items if i.type in request.types)
    kept = apply_filters(items, request.filters)
    ranked = sort_items(score_items(request.query, kept), request.sort)
    start = (request.page - 1) * request.size
    return SearchPage(
        items=ranked[start : start + request.size],
        total=len(ranked),
        page=request.page,
        size=request.size,
        errors=errors,
    )


async def search_with_providers(
    request: SearchRequest, settings: Settings, db: Database, providers: ProviderClients
) -> SearchPage:
    """Search the real sources for the effective ``settings`` through the gateway's clients."""

    async def spotify(req: SearchRequest) -> list[SearchItem]:
        if not catalog_configured(settings):
            raise SourceUnavailable(
                "Spotify client credentials are not configured", code="NOT_CONFIGURED"
            )
        async with open_spotify_catalog(providers, settings) as client:
            return await search_spotify(
                client, req.query, req.types, settings.search_spotify_max_results
            )

    async def soulseek(req: SearchRequest) -> list[SearchItem]:
        if "track" not in req.types:
            return []
        return await search_soulseek(
            providers.slskd(settings),
            db.transaction,
            settings,
            req.query,
            settings.search_slskd_wait_s,
        )

    async def library(req: SearchRequest) -> list[SearchItem]:
        async with db.transaction(readonly=True) as session:
            return await search_library(session, req.query)

    runners: dict[str, SourceRunner] = {
        "spotify": spotify,
        "soulseek": soulseek,
        "library": library,
    }
    deadlines = {"soulseek": settings.search_slskd_wait_s + SOULSEEK_GRACE_S}
    return await run_search(request, runners, deadlines)


async def search_everything(
    request: SearchRequest,
    settings: Settings,
    db: Database,
    *,
    providers: ProviderClients | None = None,
    mounts: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> SearchPage:
    """Search with the real sources for the effective ``settings``.

    Pass the app's ``providers``. Without them, clients over the same shared gateway state
    (cooldowns, circuits in ``db``) are opened for this call; ``mounts`` then routes provider
    URLs (by prefix) to other transports.
    """
    if providers is not None:
        return await search_with_providers(request, settings, db, providers)
    async with _call_providers(db, settings, mounts) as own:
        return await search_with_providers(request, settings, db, own)


@asynccontextmanager
async def _call_providers(
    db: Database, settings: Settings, mounts: Mapping[str, httpx.AsyncBaseTransport] | None
) -> AsyncIterator[ProviderClients]:
    gateway = ProviderGateway(db, policy=GatewayPolicy.from_settings(settings))
    transport = _PrefixTransport(mounts) if mounts else None
    clients = ProviderClients(gateway, transport=transport)
    try:
        yield clients
    finally:
        await clients.aclose()


class _PrefixTransport(httpx.AsyncBaseTransport):
    """Sends each request to the transport mounted on the longest matching URL prefix."""

    def __init__(self, mounts: Mapping[str, httpx.AsyncBaseTransport]) -> None:
        self._mounts = sorted(mounts.items(), key=lambda item: -len(item[0]))
        self._default = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        for prefix, transport in self._mounts:
            if url.startswith(prefix):
                return await transport.handle_async_request(request)
        return await self._default.handle_async_request(request)

    async def aclose(self) -> None:
        await self._default.aclose()
