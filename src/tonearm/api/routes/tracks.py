"""Wanted tracks: list, add (by artist/title or Spotify id), delete."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from tonearm.api.deps import DbId, DbSession, Offset
from tonearm.domain import catalog
from tonearm.domain.catalog import TrackIn, TrackOut, TrackPage

router = APIRouter(prefix="/api/v1/tracks", tags=["tracks"])

TrackState = Literal["wanted", "searching", "downloading", "processing", "done", "failed"]


@router.get("", response_model=TrackPage)
async def list_tracks(
    session: DbSession,
    state: TrackState | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> TrackPage:
    """Wanted tracks, newest first (live state: never cached)."""
    items, total = await catalog.list_tracks(
        session, state=state, query=q, limit=limit, offset=offset
    )
    return TrackPage(
        items=[TrackOut.model_validate(t) for t in items], total=total, limit=limit, offset=offset
    )


@router.post("", response_model=TrackOut, status_code=201)
async def add_track(session: DbSession, body: TrackIn, response: Response) -> TrackOut:
    """Add a wanted track; an existing one is returned with 200 instead of duplicated."""
    track, created = await catalog.add_wanted_track(session, body.candidate(), source="api")
    if created and track.state == "wanted":
        await catalog.enqueue_acquisition(session, [track.id])
    if not created:
        response.status_code = 200
    return TrackOut.model_validate(track)


@router.delete("/{track_id}", status_code=204)
async def delete_track(session: DbSession, track_id: DbId) -> Response:
    """Forget a wanted track."""
    await catalog.delete_track(session, track_id)
    return Response(status_code=204)
