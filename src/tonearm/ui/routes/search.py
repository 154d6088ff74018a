"""Unified search with filters, and "get this" on any result."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Request, Response
from pydantic import ValidationError

from tonearm.domain.acquisition.schemas import DownloadCreate
from tonearm.domain.acquisition.service import create_manual_download
from tonearm.domain.catalog import TrackIn, add_wanted_track, enqueue_acquisition
from tonearm.domain.search import SearchRequest, search_everything
from tonearm.domain.watchlist import WatchlistEntryIn, add_entry
from tonearm.errors import TonearmError, ValidationFailed
from tonearm.ui.context import effective_settings, services_of, transaction
from tonearm.ui.messages import FriendlyError, friendly, friendly_code
from tonearm.ui.routes._common import (
    int_param,
    notice_of,
    page_router,
    redirect_to,
    text_param,
)
from tonearm.ui.templating import render

router = page_router()
SOURCES = ("spotify", "soulseek", "library")
TYPES = ("track", "album", "artist")
SORTS = ("relevance", "bitrate", "year", "duration")


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _query(request: Request) -> dict[str, Any]:
    params = request.query_params
    return {
        "q": text_param(request, "q", 300),
        "sources": [s for s in params.getlist("source") if s in SOURCES] or list(SOURCES),
        "types": [t for t in params.getlist("type") if t in TYPES] or ["track"],
        "sort": params.get("sort") if params.get("sort") in SORTS else "relevance",
        "year_from": _int_or_none(params.get("year_from")),
        "year_to": _int_or_none(params.get("year_to")),
        "min_bitrate": _int_or_none(params.get("min_bitrate")),
        "formats": text_param(request, "formats", 100),
        "username": text_param(request, "username", 200),
        "page": int_param(request, "page", 1, 1, 1000),
    }


def _request(q: dict[str, Any]) -> SearchRequest:
    filters: dict[str, Any] = {"min_bitrate": q["min_bitrate"], "username": q["username"]}
    if q["year_from"] or q["year_to"]:
        filters["year_range"] = (q["year_from"], q["year_to"])
    if q["formats"]:
        filters["formats"] = [f.strip().lower() for f in q["formats"].split(",") if f.strip()]
    return SearchRequest.model_validate(
        {
            "query": q["q"],
            "sources": q["sources"],
            "types": q["types"],
            "filters": filters,
            "sort": {"by": q["sort"]},
            "page": q["page"],
            "size": 25,
        }
    )


async def _page(
    request: Request, error: FriendlyError | None = None, status: int = 200
) -> Response:
    q = _query(request)
    results = None
    if q["q"] and error is None:
        services = services_of(request)
        try:
            async with transaction(request) as session:
                settings = await effective_settings(request, session)
            results = await search_everything(
                _request(q), settings, services.db, providers=services.extras.get("providers")
            )
        except ValidationError:
            error = friendly_code("VALIDATION_ERROR", "Check the filters.", 422)
        except TonearmError as exc:
            error = friendly(exc)
    context = {
        "q": q,
        "results": results,
        "sources": SOURCES,
        "types": TYPES,
        "sorts": SORTS,
        "notice": notice_of(request),
        "error": error,
    }
    return render(request, "search.html", context, status=status)


@router.get("/search")
async def search(request: Request) -> Response:
    """Search Spotify, Soulseek and the library at once; failing sources are named."""
    return await _page(request)


@router.post("/search/get")
async def get_this(request: Request) -> Response:
    """Send one result to acquisition (a track or file) or to the watchlist (an artist)."""
    form = await request.form()
    value = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    try:
        notice = await _acquire(request, value)
    except ValidationError:
        return await _page(request, friendly_code("VALIDATION_ERROR", None, 422), 422)
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    kept = [(k, v) for k, v in parse_qsl(value.get("back_query", "")[:2000]) if k != "notice"]
    return redirect_to("/search?" + urlencode([*kept, ("notice", notice)]))


async def _acquire(request: Request, value: dict[str, str]) -> str:
    kind = value.get("kind")
    async with transaction(request, write=True) as session:
        if kind == "file":
            body = DownloadCreate(
                username=value.get("username", ""),
                filename=value.get("filename", ""),
                size=int(value.get("size") or 0),
            )
            await create_manual_download(session, body)
            return "download_queued"
        if kind == "artist":
            settings = await effective_settings(request, session)
            entry = WatchlistEntryIn(artist_key=value.get("artist_key", ""), name=value.get("name"))
            await add_entry(session, entry, settings.watchlist_release_groups)
            return "artist_added"
        if kind == "track":
            wanted = TrackIn(
                title=value.get("title") or None,
                artists=[a.strip() for a in value.get("artists", "").split(",") if a.strip()],
                album=value.get("album") or None,
                duration_ms=_int_or_none(value.get("duration_ms")),
                spotify_id=value.get("spotify_id") or None,
            )
            track, created = await add_wanted_track(session, wanted.candidate(), source="search")
            if created and track.state == "wanted":
                await enqueue_acquisition(session, [track.id])
            return "track_wanted"
    raise ValidationFailed("this result cannot be fetched")
