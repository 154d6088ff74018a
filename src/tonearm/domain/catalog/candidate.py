"""What a source knows about a song it wants, and the keys that deduplicate it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from tonearm.matching import normalize, split_featuring

__all__ = ["DURATION_TOLERANCE_MS", "TrackCandidate", "durations_agree", "make_match_key"]

DURATION_TOLERANCE_MS = 3000
_ISRC = re.compile(r"[A-Z]{2}[A-Z0-9]{3}\d{7}")


def make_match_key(artists: list[str], title: str) -> str:
    """Normalised ``"artist|title"``: the main artist and the title without featured credits."""
    main_artist = artists[0] if artists else ""
    main_artist, _ = split_featuring(main_artist)
    bare_title, _ = split_featuring(title)
    return f"{normalize(main_artist)}|{normalize(bare_title) or normalize(title)}"[:600]


def durations_agree(a: int | None, b: int | None) -> bool:
    """Whether two durations could be the same recording (unknown agrees with anything)."""
    return a is None or b is None or abs(a - b) <= DURATION_TOLERANCE_MS


def _clean_isrc(value: str | None) -> str | None:
    if not value:
        return None
    compact = value.replace("-", "").replace(" ", "").upper()
    return compact if _ISRC.fullmatch(compact) else None


@dataclass(frozen=True)
class TrackCandidate:
    """A song some source wants: at least a title and an artist, or a Spotify id."""

    title: str
    artists: list[str] = field(default_factory=list)
    album: str | None = None
    album_artist: str | None = None
    duration_ms: int | None = None
    isrc: str | None = None
    spotify_id: str | None = None
    spotify_album_id: str | None = None
    spotify_artist_ids: list[str] = field(default_factory=list)
    track_number: int | None = None
    disc_number: int | None = None
    release_year: int | None = None
    explicit: bool = False
    cover_url: str | None = None

    # Cached: dedupe asks for both keys several times per candidate.
    @cached_property
    def clean_isrc(self) -> str | None:
        """The ISRC in canonical form, or None when it is not a valid one."""
        return _clean_isrc(self.isrc)

    @cached_property
    def match_key(self) -> str:
        """The normalised artist+title key."""
        return make_match_key(self.artists, self.title)
