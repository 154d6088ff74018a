"""Unified search: every source in parallel, one schema, per-source errors, one page."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from tonearm.config import Settings
from tonearm.db import Database
from tonearm.domain.acquisition.runtime import build_slskd_client
from tonearm.domain.artists.provider import catalog_configured, open_spotify_catalog
from tonearm.domain.search.refine import apply_filters, score_items, sort_items
from tonearm.domain.search.schemas import SearchItem, SearchPage, SearchRequest
from tonearm.domain.search.sources import (
    SourceUnavailable,
    search_library,
    search_soulseek,
    search_spotify,
)
from tonearm.observability import get_logger

__all__ = ["SourceRunner", "run_search", "search_everything"]

log = get_logger("tonearm.domain.search")

SourceRunner = Callable[[SearchRequest], Awaitable[list[SearchItem]]]


@dataclass(frozen=True)
class _Outcome:
    source: str
    items: list[SearchItem]
    error: str | None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SourceUnavailable):
        return str(exc)
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:300]


async def _run(name: str, runner: SourceRunner, request: SearchRequest) -> _Outcome:
    try:
        return _Outcome(name, await runner(request), None)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # one failing source never fails the search
        log.warning("search.source_failed", source=name, error=_describe(exc))
        return _Outcome(name, [], _describe(exc))


async def run_search(request: SearchRequest, runners: Mapping[str, SourceRunner]) -> SearchPage:
    """Run the requested sources concurrently, then filter, score, sort and paginate.

    A requested source missing from ``runners`` is reported in ``errors`` as unavailable.
    """
    names = list(dict.fromkeys(request.sources))
    errors: dict[str, str] = {n: "not available" for n in names if n not in runners}
    outcomes = await asyncio.gather(*(_run(n, runners[n], request) for n in names if n in runners))
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


async def search_everything(
    request: SearchRequest,
    settings: Settings,
    db: Database,
    *,
    mounts: dict[str, Any] | None = None,
) -> SearchPage:
    """Search with the real sources for the effective ``settings`` (one HTTP client)."""
    async with httpx.AsyncClient(mounts=mounts) as http:

        async def spotify(req: SearchRequest) -> list[SearchItem]:
            if not catalog_configured(settings):
                raise SourceUnavailable("Spotify client credentials are not configured")
            async with open_spotify_catalog(settings, http) as client:
                return await search_spotify(
                    client, req.query, req.types, settings.search_spotify_max_results
                )

        async def soulseek(req: SearchRequest) -> list[SearchItem]:
            if "track" not in req.types:
                return []
            if not settings.slskd_url or settings.slskd_api_key is None:
                raise SourceUnavailable("slskd is not configured")
            return await search_soulseek(
                build_slskd_client(settings, http),
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
        return await run_search(request, runners)
