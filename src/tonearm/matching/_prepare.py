"""Wanted-side work done once per wanted track, before any candidate is scored."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tonearm.matching._model import WantedTrack
from tonearm.matching._normalize import (
    core_title,
    fold,
    normalize,
    split_featuring,
    version_counts,
)


@dataclass(frozen=True, slots=True)
class PreparedWanted:
    """Normalised forms of a wanted track, reused for every candidate."""

    wanted: WantedTrack
    title: str
    primary_artist: str
    artists: tuple[str, ...]
    artists_joined: str
    artist_prefixes: tuple[str, ...]
    album: str | None
    length_s: float | None
    title_versions: dict[str, int]
    version_budget: dict[str, int]


@lru_cache(maxsize=4096)
def prepare_wanted(wanted: WantedTrack) -> PreparedWanted:
    """Normalise the wanted track once; cached because one track meets many candidates."""
    title_text, title_featured = split_featuring(wanted.title)
    names = [name for name in (*wanted.artists, *title_featured) if name.strip()]
    normalized = [normalize(name) for name in names]
    artists = tuple(dict.fromkeys(name for name in normalized if name))
    title_versions = _merge(
        version_counts(wanted.title), *map(version_counts, wanted.version_hints)
    )
    budget = _merge(
        title_versions,
        version_counts(wanted.album or ""),
        *(version_counts(name) for name in names),
    )
    prefixes = tuple(
        dict.fromkeys(
            p for name, norm in zip(names, normalized, strict=True) for p in (fold(name), norm) if p
        )
    )
    return PreparedWanted(
        wanted=wanted,
        title=core_title(title_text),
        primary_artist=artists[0] if artists else "",
        artists=artists,
        artists_joined=" ".join(artists),
        artist_prefixes=prefixes,
        album=core_title(wanted.album) if wanted.album else None,
        length_s=wanted.duration_ms / 1000 if wanted.duration_ms else None,
        title_versions=title_versions,
        version_budget=budget,
    )


def _merge(*counts: dict[str, int]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for count in counts:
        for name, value in count.items():
            merged[name] = merged.get(name, 0) + value
    return merged
