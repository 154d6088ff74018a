"""Unified search (Spotify, Soulseek, library) in one request."""

from __future__ import annotations

from fastapi import APIRouter

from tonearm.api.deps import ServicesDep
from tonearm.api.routes.artists import ReadSettings
from tonearm.api.routes.spotify import provider_clients
from tonearm.domain.search import SearchPage, SearchRequest, search_with_providers

router = APIRouter(prefix="/api/v1/search", tags=["search"])


@router.post("", response_model=SearchPage)
async def search(body: SearchRequest, services: ServicesDep, settings: ReadSettings) -> SearchPage:
    """Search every requested source in parallel; a failing source is reported in ``errors``
    and never fails the whole search. Send a result to acquisition with ``POST
    /api/v1/tracks`` (Spotify) or ``POST /api/v1/downloads`` (Soulseek ``username``,
    ``filename``, ``size``)."""
    return await search_with_providers(body, settings, services.db, provider_clients(services))
