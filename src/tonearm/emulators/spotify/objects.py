"""Build full Spotify Web API objects from the compact data records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from tonearm.emulators.spotify.data import (
    DataAlbum,
    DataArtist,
    DataPlaylist,
    DataTrack,
    DataUser,
    SpotifyData,
)

__all__ = ["ObjectBuilder", "paging"]

JSON = dict[str, Any]
_MARKETS = ["DE", "FR", "GB", "US"]
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
OPEN_URL = "https://open.spotify.com"


def added_at(index: int) -> str:
    """A stable, increasing timestamp for the n-th added item."""
    return (_EPOCH + timedelta(hours=index)).strftime("%Y-%m-%dT%H:%M:%SZ")


def paging(
    url: str, query: dict[str, str], items: list[JSON], total: int, offset: int, limit: int
) -> JSON:
    """A Spotify paging object; `url` is the endpoint, `query` its other parameters."""

    def page_url(at: int) -> str:
        return f"{url}?{urlencode({**query, 'offset': at, 'limit': limit})}"

    has_next = offset + limit < total
    return {
        "href": page_url(offset),
        "items": items,
        "limit": limit,
        "next": page_url(offset + limit) if has_next else None,
        "offset": offset,
        "previous": page_url(max(0, offset - limit)) if offset > 0 else None,
        "total": total,
    }


@dataclass(frozen=True)
class ObjectBuilder:
    """Turns data records into API objects whose links point at `base_url`."""

    data: SpotifyData
    base_url: str

    @property
    def api(self) -> str:
        """The Web API root."""
        return f"{self.base_url}/v1"

    def _common(self, kind: str, plural: str, id_: str) -> JSON:
        return {
            "external_urls": {"spotify": f"{OPEN_URL}/{kind}/{id_}"},
            "href": f"{self.api}/{plural}/{id_}",
            "id": id_,
            "type": kind,
            "uri": f"spotify:{kind}:{id_}",
        }

    def user_public(self, user: DataUser) -> JSON:
        """A PlaylistOwnerObject / public user."""
        return {**self._common("user", "users", user.id), "display_name": user.display_name}

    def user_private(self, user: DataUser) -> JSON:
        """The PrivateUserObject of `/me`."""
        body = {
            **self.user_public(user),
            "country": user.country,
            "product": user.product,
            "followers": {"href": None, "total": 0},
            "images": [],
            "explicit_content": {"filter_enabled": False, "filter_locked": False},
        }
        if user.email:
            body["email"] = user.email
        return body

    def artist_simple(self, artist_id: str) -> JSON:
        """A SimplifiedArtistObject (unknown ids keep their id, named 'Unknown Artist')."""
        artist = self.data.artist_by_id.get(artist_id)
        name = artist.name if artist else "Unknown Artist"
        return {**self._common("artist", "artists", artist_id), "name": name}

    def artist_full(self, artist: DataArtist) -> JSON:
        """An ArtistObject."""
        return {
            **self.artist_simple(artist.id),
            "followers": {"href": None, "total": artist.followers},
            "genres": list(artist.genres),
            "images": [],
            "popularity": artist.popularity,
        }

    def images(self, album: DataAlbum) -> list[JSON]:
        """The album's cover, served by the emulator itself."""
        size = album.image_size
        return [{"url": f"{self.base_url}/images/{album.id}.jpg", "height": size, "width": size}]

    def album_simple(self, album: DataAlbum) -> JSON:
        """A SimplifiedAlbumObject."""
        return {
            **self._common("album", "albums", album.id),
            "album_type": album.album_type,
            "total_tracks": len(self.data.tracks_by_album.get(album.id, [])),
            "available_markets": _MARKETS,
            "images": self.images(album),
            "name": album.name,
            "release_date": album.release_date,
            "release_date_precision": album.release_date_precision,
            "artists": [self.artist_simple(a) for a in album.artist_ids],
        }

    def album_full(self, album: DataAlbum, tracks_page: JSON) -> JSON:
        """An AlbumObject with its first page of tracks."""
        year = album.release_date[:4]
        label = album.label or "Independent"
        return {
            **self.album_simple(album),
            "tracks": tracks_page,
            "copyrights": [
                {"text": f"© {year} {label}", "type": "C"},
                {"text": f"℗ {year} {label}", "type": "P"},
            ],
            "external_ids": {"upc": album.upc} if album.upc else {},
            "genres": [],
            "label": label,
            "popularity": album.popularity,
        }

    def track_simple(self, track: DataTrack) -> JSON:
        """A SimplifiedTrackObject."""
        return {
            **self._common("track", "tracks", track.id),
            "artists": [self.artist_simple(a) for a in track.artist_ids],
            "available_markets": _MARKETS,
            "disc_number": track.disc_number,
            "duration_ms": track.duration_ms,
            "explicit": track.explicit,
            "is_local": False,
            "is_playable": True,
            "name": track.name,
            "preview_url": None,
            "track_number": track.track_number,
        }

    def track_full(self, track: DataTrack) -> JSON:
        """A TrackObject (with its album and ISRC)."""
        album = self.data.album_by_id.get(track.album_id)
        body = {
            **self.track_simple(track),
            "external_ids": {"isrc": track.isrc} if track.isrc else {},
            "popularity": track.popularity,
        }
        if album is not None:
            body["album"] = self.album_simple(album)
        return body

    def playlist_item(self, playlist: DataPlaylist, index: int, track_id: str) -> JSON:
        """A PlaylistTrackObject; `item` is null when the track no longer exists."""
        track = self.data.track_by_id.get(track_id)
        owner = self.data.user_by_id.get(playlist.owner_id)
        added_by = self._common("user", "users", playlist.owner_id) if owner else None
        return {
            "added_at": added_at(index),
            "added_by": added_by,
            "is_local": False,
            "item": self.track_full(track) if track else None,
        }

    def playlist_simple(self, playlist: DataPlaylist) -> JSON:
        """A SimplifiedPlaylistObject (items as a reference: href and total)."""
        items_ref = {
            "href": f"{self.api}/playlists/{playlist.id}/items",
            "total": len(playlist.track_ids),
        }
        return {
            **self._common("playlist", "playlists", playlist.id),
            "collaborative": playlist.collaborative,
            "description": playlist.description or "",
            "images": self._playlist_images(playlist),
            "name": playlist.name,
            "owner": self._owner(playlist.owner_id),
            "public": playlist.public,
            "snapshot_id": playlist.effective_snapshot_id(),
            "items": items_ref,
        }

    def playlist_full(self, playlist: DataPlaylist, items_page: JSON | None) -> JSON:
        """A PlaylistObject; `items` only when the caller may read them (owner)."""
        body = {
            **self.playlist_simple(playlist),
            "description": playlist.description,
            "followers": {"href": None, "total": 0},
        }
        if items_page is None:
            del body["items"]
        else:
            body["items"] = items_page
        return body

    def _owner(self, user_id: str) -> JSON:
        user = self.data.user_by_id.get(user_id)
        if user is None:
            return {**self._common("user", "users", user_id), "display_name": None}
        return self.user_public(user)

    def _playlist_images(self, playlist: DataPlaylist) -> list[JSON]:
        for track_id in playlist.track_ids:
            track = self.data.track_by_id.get(track_id)
            album = self.data.album_by_id.get(track.album_id) if track else None
            if album is not None:
                return self.images(album)
        return []
