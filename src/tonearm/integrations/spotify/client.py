"""The Spotify Web API client: typed, async, on an injected `httpx.AsyncClient`.

It retries nothing except one token renewal after a 401; callers wrap it with their own
retry and circuit-breaking policy, using `SpotifyRateLimited.retry_after`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any, Literal, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from tonearm.integrations.spotify._http import DEFAULT_TIMEOUT, ApiTransport, TokenSource
from tonearm.integrations.spotify.errors import SpotifyRequestError, SpotifyResponseError
from tonearm.integrations.spotify.models import (
    Album,
    AlbumRef,
    Artist,
    Playlist,
    PlaylistItem,
    PlaylistSummary,
    SavedTrack,
    SearchResults,
    SimplifiedTrack,
    Track,
    User,
)

__all__ = ["ALBUM_GROUPS", "MAX_SEARCH_LIMIT", "SearchType", "SpotifyClient"]

MAX_SEARCH_LIMIT = 10
ALBUM_GROUPS = ("album", "single", "compilation", "appears_on")
SearchType = Literal["track", "album", "artist"]

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def _parse(model: type[M], payload: Any) -> M:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise SpotifyResponseError(f"unexpected {model.__name__} shape: {exc}") from exc


def _playlist_item(raw: Any) -> PlaylistItem | None:
    """A playlist entry as a track item; None for episodes, local files and removed tracks."""
    if not isinstance(raw, dict):
        return None
    item = raw.get("item", raw.get("track"))  # `track` is the pre-2026 name
    if not isinstance(item, dict) or item.get("type", "track") != "track" or not item.get("id"):
        return None
    return _parse(PlaylistItem, {"added_at": raw.get("added_at"), "track": item})


class SpotifyClient:
    """Read access to the Spotify Web API (2026 surface) returning Pydantic models."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_url: str,
        token_provider: TokenSource,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        page_size: int = 50,
    ) -> None:
        self._api = ApiTransport(http, api_url, token_provider, timeout)
        self._page_size = page_size

    async def _pages(
        self, path: str, params: dict[str, Any], unwrap: str | None = None
    ) -> AsyncIterator[list[Any]]:
        """Raw item lists of every page, following `next` links."""
        url: str | None = path
        query: dict[str, Any] | None = params
        while url is not None:
            body = await self._api.get_json(url, query)
            page = body.get(unwrap) if unwrap and isinstance(body, dict) else body
            if not isinstance(page, dict) or not isinstance(page.get("items"), list):
                raise SpotifyResponseError(f"not a paging object at {path}")
            yield page["items"]
            url, query = page.get("next"), None  # `next` already carries the query

    async def _iter(
        self,
        path: str,
        parse: Callable[[Any], T | None],
        params: dict[str, Any] | None = None,
        unwrap: str | None = None,
    ) -> AsyncIterator[T]:
        query = {"limit": self._page_size, **(params or {})}
        async for items in self._pages(path, query, unwrap):
            for raw in items:
                parsed = parse(raw)
                if parsed is not None:
                    yield parsed

    async def get_me(self) -> User:
        """The user the token belongs to."""
        return _parse(User, await self._api.get_json("/me"))

    def iter_my_playlists(self) -> AsyncIterator[PlaylistSummary]:
        """Every playlist of the current user."""
        return self._iter("/me/playlists", lambda raw: _parse(PlaylistSummary, raw))

    async def get_playlist(self, playlist_id: str) -> Playlist:
        """A playlist's details, including its `snapshot_id` (changes when its content does)."""
        return _parse(Playlist, await self._api.get_json(f"/playlists/{playlist_id}"))

    def iter_playlist_items(self, playlist_id: str) -> AsyncIterator[PlaylistItem]:
        """Every track of a playlist, all pages; episodes, local files and gaps are skipped."""
        return self._iter(
            f"/playlists/{playlist_id}/items", _playlist_item, {"additional_types": "track"}
        )

    def iter_saved_tracks(self) -> AsyncIterator[SavedTrack]:
        """The user's saved tracks, most recent first."""
        return self._iter("/me/tracks", lambda raw: _parse(SavedTrack, raw))

    def iter_followed_artists(self) -> AsyncIterator[Artist]:
        """Artists the user follows (cursor-paged)."""
        return self._iter(
            "/me/following", lambda raw: _parse(Artist, raw), {"type": "artist"}, unwrap="artists"
        )

    async def get_artist(self, artist_id: str) -> Artist:
        """One artist."""
        return _parse(Artist, await self._api.get_json(f"/artists/{artist_id}"))

    def iter_artist_albums(
        self, artist_id: str, include_groups: Iterable[str] = ("album", "single")
    ) -> AsyncIterator[AlbumRef]:
        """An artist's discography, filtered by album group (album, single, compilation,
        appears_on). Spotify pages this endpoint by at most 10."""
        groups = list(include_groups)
        unknown = [g for g in groups if g not in ALBUM_GROUPS]
        if unknown or not groups:
            raise SpotifyRequestError(f"invalid include_groups: {unknown or groups}")
        params = {"include_groups": ",".join(groups), "limit": min(self._page_size, 10)}
        return self._iter(f"/artists/{artist_id}/albums", lambda raw: _parse(AlbumRef, raw), params)

    async def get_album(self, album_id: str) -> Album:
        """One album with its first page of tracks."""
        return _parse(Album, await self._api.get_json(f"/albums/{album_id}"))

    def iter_album_tracks(self, album_id: str) -> AsyncIterator[SimplifiedTrack]:
        """Every track of an album."""
        return self._iter(f"/albums/{album_id}/tracks", lambda raw: _parse(SimplifiedTrack, raw))

    async def get_track(self, track_id: str) -> Track:
        """One track (with album and ISRC)."""
        return _parse(Track, await self._api.get_json(f"/tracks/{track_id}"))

    async def search(
        self,
        query: str,
        types: Sequence[SearchType] = ("track",),
        limit: int = MAX_SEARCH_LIMIT,
        offset: int = 0,
    ) -> SearchResults:
        """One page of search results per type; Spotify allows at most 10 per page."""
        if not 1 <= limit <= MAX_SEARCH_LIMIT:
            raise SpotifyRequestError(f"search limit must be within 1..{MAX_SEARCH_LIMIT}")
        if not query.strip() or not types or offset < 0:
            raise SpotifyRequestError("search needs a query, at least one type, offset >= 0")
        params = {"q": query, "type": ",".join(types), "limit": limit, "offset": offset}
        return _parse(SearchResults, await self._api.get_json("/search", params))
