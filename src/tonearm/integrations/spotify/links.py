"""Parse the Spotify links and URIs users paste (`open.spotify.com/...`, `spotify:...`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast
from urllib.parse import urlsplit

from tonearm.integrations.spotify.errors import InvalidSpotifyLinkError

__all__ = ["SpotifyKind", "SpotifyRef", "parse_spotify_link"]

SpotifyKind = Literal["playlist", "album", "track", "artist"]
_KINDS = ("playlist", "album", "track", "artist")
_ID = re.compile(r"[0-9A-Za-z]{22}")
_INTL = re.compile(r"intl-[a-z]{2}(?:[-_][a-z]{2})?", re.IGNORECASE)


@dataclass(frozen=True)
class SpotifyRef:
    """A reference to one Spotify object."""

    kind: SpotifyKind
    id: str

    @property
    def uri(self) -> str:
        """The `spotify:<kind>:<id>` form."""
        return f"spotify:{self.kind}:{self.id}"


def _ref(kind: str, id_: str) -> SpotifyRef:
    if kind not in _KINDS:
        raise InvalidSpotifyLinkError(
            f"'{kind}' links are not supported; use a playlist, album, track or artist link"
        )
    if not _ID.fullmatch(id_):
        raise InvalidSpotifyLinkError(f"'{id_}' is not a Spotify id (22 letters and digits)")
    return SpotifyRef(cast(SpotifyKind, kind), id_)


def _parse_uri(text: str) -> SpotifyRef:
    parts = text.split(":")
    if len(parts) != 3:
        raise InvalidSpotifyLinkError("a Spotify URI looks like spotify:<kind>:<id>")
    return _ref(parts[1], parts[2])


def _parse_url(text: str) -> SpotifyRef:
    parts = urlsplit(text)
    if parts.scheme != "https" or (parts.hostname or "").lower() != "open.spotify.com":
        raise InvalidSpotifyLinkError("only https://open.spotify.com/... links are accepted")
    if parts.port is not None or parts.username or parts.password:
        raise InvalidSpotifyLinkError("the link has an unexpected port or credentials")
    segments = [s for s in parts.path.split("/") if s]
    if segments and _INTL.fullmatch(segments[0]):
        segments = segments[1:]
    if len(segments) != 2:
        raise InvalidSpotifyLinkError(
            "a Spotify link looks like https://open.spotify.com/<kind>/<id>"
        )
    return _ref(segments[0], segments[1])


def parse_spotify_link(text: str) -> SpotifyRef:
    """Turn a pasted link or URI into a `SpotifyRef`; raise `InvalidSpotifyLinkError` saying why."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidSpotifyLinkError("the link is empty")
    if cleaned.lower().startswith("spotify:"):
        return _parse_uri(cleaned)
    if "://" in cleaned:
        return _parse_url(cleaned)
    raise InvalidSpotifyLinkError("expected an open.spotify.com link or a spotify: URI")
