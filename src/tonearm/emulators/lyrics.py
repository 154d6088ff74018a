"""A tiny LRCLIB-style lyrics provider: ``GET /api/get?artist_name=&track_name=…``.

Known songs answer their stored lyrics; with ``generate=True`` any other song gets made-up
synchronised lines naming it (handy for demos and end-to-end runs); else ``404``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

__all__ = ["create_lyrics_emulator", "generated_lyrics"]


def generated_lyrics(artist: str, title: str) -> str:
    """The synchronised lyrics the emulator invents for a song."""
    return f"[00:00.50] {title}\n[00:01.50] by {artist}\n"


def create_lyrics_emulator(
    songs: Mapping[tuple[str, str], str] | None = None,
    *,
    generate: bool = True,
    delay_s: float = 0.0,
) -> Starlette:
    """Build the app; ``songs`` maps ``(artist, title)`` (case-insensitive) to LRC text;
    ``delay_s`` slows every answer (a slow provider)."""
    known = {(a.casefold(), t.casefold()): text for (a, t), text in (songs or {}).items()}
    requests: list[dict[str, str]] = []

    async def get(request: Request) -> JSONResponse:
        artist = request.query_params.get("artist_name", "")
        title = request.query_params.get("track_name", "")
        requests.append(dict(request.query_params))
        if delay_s:
            await asyncio.sleep(delay_s)
        if not artist or not title:
            return JSONResponse({"code": 400, "message": "missing parameters"}, status_code=400)
        text = known.get((artist.casefold(), title.casefold()))
        if text is None and generate:
            text = generated_lyrics(artist, title)
        if text is None:
            return JSONResponse({"code": 404, "name": "TrackNotFound"}, status_code=404)
        plain = "\n".join(line.split("] ", 1)[-1] for line in text.splitlines())
        return JSONResponse(
            {
                "id": abs(hash((artist, title))) % 1_000_000,
                "trackName": title,
                "artistName": artist,
                "albumName": request.query_params.get("album_name"),
                "duration": float(request.query_params.get("duration") or 0),
                "instrumental": False,
                "plainLyrics": plain,
                "syncedLyrics": text,
            }
        )

    app = Starlette(routes=[Route("/api/get", get)])
    app.state.requests = requests
    return app
