"""The Web API routes (`/v1/...`) of the emulator, plus the cover images."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tonearm.emulators.spotify.auth import ApiError, AuthService, TokenGrant
from tonearm.emulators.spotify.data import DataPlaylist, SpotifyData
from tonearm.emulators.spotify.jpeg import flat_jpeg, grey_level_for
from tonearm.emulators.spotify.objects import JSON, ObjectBuilder, added_at, paging
from tonearm.emulators.spotify.search import parse_query

__all__ = ["REMOVED_PATHS", "WebApi"]

_ID = re.compile(r"[0-9A-Za-z]{22}")
_ALBUM_GROUPS = ("album", "single", "compilation", "appears_on")
_SEARCH_TYPES = ("album", "artist", "track")

# Endpoints Spotify removed for Development-Mode apps (2024-2026).
REMOVED_PATHS = (
    "/v1/tracks",
    "/v1/albums",
    "/v1/artists",
    "/v1/artists/{id}/top-tracks",
    "/v1/artists/{id}/related-artists",
    "/v1/recommendations",
    "/v1/audio-features",
    "/v1/audio-features/{id}",
    "/v1/audio-analysis/{id}",
    "/v1/browse/new-releases",
    "/v1/browse/featured-playlists",
    "/v1/browse/categories/{id}/playlists",
    "/v1/users/{id}/playlists",
    "/v1/playlists/{id}/tracks",
)


def _check_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ApiError(400, "Invalid base62 id")
    return value


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"Invalid {name}") from None
    if not low <= value <= high:
        raise ApiError(400, f"Invalid {name}")
    return value


@dataclass(frozen=True)
class _Ctx:
    data: SpotifyData
    build: ObjectBuilder
    grant: TokenGrant


class WebApi:
    """Handlers of the `/v1` routes; each checks the bearer token first."""

    def __init__(self, data: Callable[[], SpotifyData], auth: AuthService) -> None:
        self._data = data
        self._auth = auth

    def routes(self) -> list[Route]:
        """Every Web API route, removed ones included (they answer 404)."""
        served = [
            Route("/v1/me", self.me),
            Route("/v1/me/playlists", self.my_playlists),
            Route("/v1/me/tracks", self.saved_tracks),
            Route("/v1/me/following", self.following),
            Route("/v1/playlists/{id}", self.playlist),
            Route("/v1/playlists/{id}/items", self.playlist_items),
            Route("/v1/artists/{id}", self.artist),
            Route("/v1/artists/{id}/albums", self.artist_albums),
            Route("/v1/albums/{id}", self.album),
            Route("/v1/albums/{id}/tracks", self.album_tracks),
            Route("/v1/tracks/{id}", self.track),
            Route("/v1/search", self.search),
            Route("/images/{album_id}.jpg", self.image),
        ]
        return served + [Route(path, self.removed) for path in REMOVED_PATHS]

    def _ctx(self, request: Request, *, user: bool = False) -> _Ctx:
        grant = self._auth.check_bearer(request, user_required=user)
        data = self._data()
        return _Ctx(data, ObjectBuilder(data, str(request.base_url).rstrip("/")), grant)

    async def removed(self, request: Request) -> Response:
        """A removed endpoint: Spotify answers 404 to Development-Mode apps."""
        raise ApiError(404, "Service not found")

    async def me(self, request: Request) -> Response:
        """GET /v1/me."""
        ctx = self._ctx(request, user=True)
        user = ctx.data.user_by_id.get(ctx.grant.user_id or "")
        if user is None:
            raise ApiError(401, "Invalid access token")
        return JSONResponse(ctx.build.user_private(user))

    async def my_playlists(self, request: Request) -> Response:
        """GET /v1/me/playlists: playlists the user owns."""
        ctx = self._ctx(request, user=True)
        mine = [p for p in ctx.data.playlists if p.owner_id == ctx.grant.user_id]
        return self._page(request, ctx, [ctx.build.playlist_simple(p) for p in mine], 20, 50)

    async def saved_tracks(self, request: Request) -> Response:
        """GET /v1/me/tracks: saved tracks, most recent first."""
        ctx = self._ctx(request, user=True)
        ids = [t for t in reversed(ctx.data.saved_track_ids) if t in ctx.data.track_by_id]
        count = len(ids)
        items = [
            {
                "added_at": added_at(count - i),
                "track": ctx.build.track_full(ctx.data.track_by_id[t]),
            }
            for i, t in enumerate(ids)
        ]
        return self._page(request, ctx, items, 20, 50)

    async def following(self, request: Request) -> Response:
        """GET /v1/me/following?type=artist: cursor-paged followed artists."""
        ctx = self._ctx(request, user=True)
        if request.query_params.get("type") != "artist":
            raise ApiError(400, "Invalid type, only artist is supported")
        limit = _int_param(request, "limit", 20, 1, 50)
        ids = [a for a in ctx.data.followed_artist_ids if a in ctx.data.artist_by_id]
        after = request.query_params.get("after")
        start = ids.index(after) + 1 if after in ids else 0
        chunk = ids[start : start + limit]
        url = f"{ctx.build.api}/me/following?type=artist&limit={limit}"
        has_next = start + limit < len(ids)
        body = {
            "href": url + (f"&after={after}" if after else ""),
            "limit": limit,
            "next": f"{url}&after={chunk[-1]}" if has_next and chunk else None,
            "cursors": {"after": chunk[-1]} if has_next and chunk else {},
            "total": len(ids),
            "items": [ctx.build.artist_full(ctx.data.artist_by_id[a]) for a in chunk],
        }
        return JSONResponse({"artists": body})

    def _visible_playlist(self, ctx: _Ctx, playlist_id: str) -> tuple[DataPlaylist, bool]:
        """The playlist and whether the caller may read its items (owner or collaborator)."""
        playlist = ctx.data.playlist_by_id.get(_check_id(playlist_id))
        if playlist is None:
            raise ApiError(404, "Resource not found")
        is_owner = ctx.grant.user_id is not None and (
            playlist.owner_id == ctx.grant.user_id or playlist.collaborative
        )
        if not playlist.public and not is_owner:
            raise ApiError(404, "Resource not found")
        return playlist, is_owner

    async def playlist(self, request: Request) -> Response:
        """GET /v1/playlists/{id}: with `items` only for the owner, as in 2026."""
        ctx = self._ctx(request)
        playlist, is_owner = self._visible_playlist(ctx, request.path_params["id"])
        items = (
            self._items_page(request, ctx, playlist, default=100, high=100) if is_owner else None
        )
        return JSONResponse(ctx.build.playlist_full(playlist, items))

    async def playlist_items(self, request: Request) -> Response:
        """GET /v1/playlists/{id}/items (403 unless owner or collaborator)."""
        ctx = self._ctx(request)
        playlist, is_owner = self._visible_playlist(ctx, request.path_params["id"])
        if not is_owner:
            raise ApiError(403, "Forbidden")
        return JSONResponse(self._items_page(request, ctx, playlist, default=20, high=50))

    def _items_page(
        self, request: Request, ctx: _Ctx, playlist: DataPlaylist, default: int, high: int
    ) -> JSON:
        limit = _int_param(request, "limit", default, 1, high)
        offset = _int_param(request, "offset", 0, 0, 1_000_000)
        chunk = playlist.track_ids[offset : offset + limit]
        items = [ctx.build.playlist_item(playlist, offset + i, t) for i, t in enumerate(chunk)]
        url = f"{ctx.build.api}/playlists/{playlist.id}/items"
        return paging(url, {}, items, len(playlist.track_ids), offset, limit)

    async def artist(self, request: Request) -> Response:
        """GET /v1/artists/{id}."""
        ctx = self._ctx(request)
        artist = ctx.data.artist_by_id.get(_check_id(request.path_params["id"]))
        if artist is None:
            raise ApiError(404, "Resource not found")
        return JSONResponse(ctx.build.artist_full(artist))

    async def artist_albums(self, request: Request) -> Response:
        """GET /v1/artists/{id}/albums with the include_groups filter."""
        ctx = self._ctx(request)
        artist_id = _check_id(request.path_params["id"])
        if artist_id not in ctx.data.artist_by_id:
            raise ApiError(404, "Resource not found")
        groups = _include_groups(request.query_params.get("include_groups"))
        albums = []
        for album in ctx.data.albums:
            group = _album_group(ctx.data, album.id, album.album_type, album.artist_ids, artist_id)
            if group in groups:
                albums.append({**ctx.build.album_simple(album), "album_group": group})
        query = (
            {"include_groups": ",".join(groups)}
            if request.query_params.get("include_groups")
            else {}
        )
        return self._page(request, ctx, albums, 5, 10, query)

    async def album(self, request: Request) -> Response:
        """GET /v1/albums/{id} with its first page of tracks."""
        ctx = self._ctx(request)
        album = ctx.data.album_by_id.get(_check_id(request.path_params["id"]))
        if album is None:
            raise ApiError(404, "Resource not found")
        tracks = [ctx.build.track_simple(t) for t in ctx.data.tracks_by_album.get(album.id, [])]
        url = f"{ctx.build.api}/albums/{album.id}/tracks"
        page = paging(url, {}, tracks[:50], len(tracks), 0, 50)
        return JSONResponse(ctx.build.album_full(album, page))

    async def album_tracks(self, request: Request) -> Response:
        """GET /v1/albums/{id}/tracks."""
        ctx = self._ctx(request)
        album = ctx.data.album_by_id.get(_check_id(request.path_params["id"]))
        if album is None:
            raise ApiError(404, "Resource not found")
        tracks = [ctx.build.track_simple(t) for t in ctx.data.tracks_by_album.get(album.id, [])]
        return self._page(request, ctx, tracks, 20, 50)

    async def track(self, request: Request) -> Response:
        """GET /v1/tracks/{id}."""
        ctx = self._ctx(request)
        track = ctx.data.track_by_id.get(_check_id(request.path_params["id"]))
        if track is None:
            raise ApiError(404, "Resource not found")
        return JSONResponse(ctx.build.track_full(track))

    async def search(self, request: Request) -> Response:
        """GET /v1/search: types album, artist, track; limit at most 10."""
        ctx = self._ctx(request)
        q = request.query_params.get("q", "").strip()
        if not q:
            raise ApiError(400, "No search query")
        types = [t.strip() for t in request.query_params.get("type", "").split(",") if t.strip()]
        if not types or any(t not in _SEARCH_TYPES for t in types):
            raise ApiError(400, "Bad search type field")
        limit = _int_param(request, "limit", 5, 1, 10)
        offset = _int_param(request, "offset", 0, 0, 1000)
        query = parse_query(q)
        found: dict[str, list[JSON]] = {
            "track": [
                ctx.build.track_full(t) for t in ctx.data.tracks if query.matches_track(ctx.data, t)
            ],
            "album": [
                ctx.build.album_simple(a)
                for a in ctx.data.albums
                if query.matches_album(ctx.data, a)
            ],
            "artist": [
                ctx.build.artist_full(a) for a in ctx.data.artists if query.matches_artist(a)
            ],
        }
        url = f"{ctx.build.api}/search"
        body = {
            f"{kind}s": paging(
                url,
                {"q": q, "type": ",".join(types)},
                found[kind][offset : offset + limit],
                len(found[kind]),
                offset,
                limit,
            )
            for kind in types
        }
        return JSONResponse(body)

    async def image(self, request: Request) -> Response:
        """GET /images/{album_id}.jpg: a flat JPEG of the album's declared size (public)."""
        album = self._data().album_by_id.get(request.path_params["album_id"])
        if album is None:
            return Response(status_code=404)
        body = flat_jpeg(album.image_size, album.image_size, grey_level_for(album.id))
        headers = {"Cache-Control": "public, max-age=86400"}
        return Response(body, media_type="image/jpeg", headers=headers)

    def _page(
        self,
        request: Request,
        ctx: _Ctx,
        items: list[JSON],
        default: int,
        high: int,
        query: dict[str, str] | None = None,
    ) -> Response:
        limit = _int_param(request, "limit", default, 1, high)
        offset = _int_param(request, "offset", 0, 0, 1_000_000)
        url = f"{ctx.build.base_url}{request.url.path}"
        chunk = items[offset : offset + limit]
        return JSONResponse(paging(url, query or {}, chunk, len(items), offset, limit))


def _include_groups(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return _ALBUM_GROUPS
    groups = tuple(g.strip() for g in raw.split(",") if g.strip())
    if any(g not in _ALBUM_GROUPS for g in groups):
        raise ApiError(400, "Invalid include_groups")
    return groups


def _album_group(
    data: SpotifyData, album_id: str, album_type: str, artist_ids: list[str], artist_id: str
) -> str | None:
    """How an album relates to an artist: its own type, `appears_on`, or not at all."""
    if artist_id in artist_ids:
        return album_type
    tracks = data.tracks_by_album.get(album_id, [])
    return "appears_on" if any(artist_id in t.artist_ids for t in tracks) else None
