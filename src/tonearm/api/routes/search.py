"""Unified search (Spotify, Soulseek, library) in one request."""

from __future__ import annotations

from fastapi import APIRouter

from tonearm.api.deps import ServicesDep
from tonearm.api.routes.artists import ReadSettings
from tonearm.domain.search import SearchPage, SearchRequest, search_everything

router = APIRouter(prefix="/api/v1/search", tags=["search"])


@router.post("", response_model=SearchPage)
async def search(body: SearchRequest, services: ServicesDep, settings: ReadSettings) -> SearchPage:
    """Search every requested source in parallel; a failing source is reported in ``errors``
    and never fails the whole search. Send a result to acquisition with ``POST
    /api/v1/tracks`` (Spotify) or ``POST /api/v1/downloads`` (Soulseek ``username``,
    ``filename``, ``size``)."""
    return await search_everything(
        body, settings, services.db, mounts=services.extras.get("http_mounts")
    )
