"""Search matching of the emulator: free words and Spotify's `field:value` filters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tonearm.emulators.spotify.data import DataAlbum, DataArtist, DataTrack, SpotifyData

__all__ = ["SearchQuery", "parse_query"]

_TOKEN = re.compile(r'(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)')
_FIELDS = {"artist", "album", "track", "isrc", "year", "upc", "genre"}


@dataclass
class SearchQuery:
    """A parsed `q`: free words plus field filters, all matched case-insensitively."""

    words: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)

    def _words_in(self, haystack: str, extra: list[str]) -> bool:
        text = haystack.casefold()
        return all(word.casefold() in text for word in [*self.words, *extra])

    def _filter(self, key: str) -> list[str]:
        value = self.filters.get(key)
        return [value] if value else []

    def matches_track(self, data: SpotifyData, track: DataTrack) -> bool:
        """Free words against title, artists and album; filters against their field."""
        album = data.album_by_id.get(track.album_id)
        artists = " ".join(_artist_names(data, track.artist_ids))
        if self.filters.get("isrc") and (track.isrc or "").upper() != self.filters["isrc"].upper():
            return False
        if not _year_ok(self.filters.get("year"), album.release_date if album else ""):
            return False
        if not _contains(artists, self._filter("artist")):
            return False
        if not _contains(album.name if album else "", self._filter("album")):
            return False
        if not _contains(track.name, self._filter("track")):
            return False
        return self._words_in(f"{track.name} {artists} {album.name if album else ''}", [])

    def matches_album(self, data: SpotifyData, album: DataAlbum) -> bool:
        """Free words against the album name and its artists."""
        artists = " ".join(_artist_names(data, album.artist_ids))
        if self.filters.get("upc") and album.upc != self.filters["upc"]:
            return False
        if not _year_ok(self.filters.get("year"), album.release_date):
            return False
        if not _contains(artists, self._filter("artist")):
            return False
        if not _contains(album.name, self._filter("album")):
            return False
        return self._words_in(f"{album.name} {artists}", [])

    def matches_artist(self, artist: DataArtist) -> bool:
        """Free words (and `artist:`/`genre:`) against the artist."""
        if not _contains(" ".join(artist.genres), self._filter("genre")):
            return False
        return self._words_in(artist.name, self._filter("artist"))


def _contains(text: str, needles: list[str]) -> bool:
    folded = text.casefold()
    return all(needle.casefold() in folded for needle in needles)


def _year_ok(spec: str | None, release_date: str) -> bool:
    if not spec:
        return True
    year = release_date[:4]
    low, _, high = spec.partition("-")
    return low <= year <= (high or low)


def _artist_names(data: SpotifyData, artist_ids: list[str]) -> list[str]:
    return [data.artist_by_id[a].name for a in artist_ids if a in data.artist_by_id]


def parse_query(q: str) -> SearchQuery:
    """Split a query into free words and known `field:value` filters."""
    query = SearchQuery()
    for match in _TOKEN.finditer(q):
        key = (match.group(1) or match.group(3) or "").lower()
        value = match.group(2) if match.group(1) else match.group(4)
        if key in _FIELDS and value is not None:
            query.filters[key] = value
            continue
        free = match.group(5) if match.group(5) is not None else match.group(0)
        query.words.extend(free.split())
    return query
