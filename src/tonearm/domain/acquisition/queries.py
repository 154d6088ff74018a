"""Search texts for a wanted track, most specific first (Soulseek: every word must match)."""

from __future__ import annotations

import re

from anyascii import anyascii

from tonearm.matching import split_featuring, strip_version_markers

__all__ = ["query_variants"]

_APOSTROPHES = re.compile(r"['\u2019`]")
_PUNCT = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
# Words Soulseek ignores or that make a query too broad on their own.
_STOP = frozenset({"the", "a", "an", "and", "of", "feat", "ft", "featuring"})


def _words(text: str) -> str:
    text = _APOSTROPHES.sub("", text)
    return _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip()


def _simplified(text: str) -> str:
    plain = anyascii(text)
    kept = [w for w in _words(plain).split() if w.lower() not in _STOP]
    return " ".join(kept)


def query_variants(title: str, artists: list[str], album: str | None) -> list[str]:
    """Artist + title, then title + album, then a simplified artist + title; no duplicates and
    never a single broad word."""
    core_title = _words(strip_version_markers(split_featuring(title)[0])[0]) or _words(title)
    artist = _words(artists[0]) if artists else ""
    variants = [
        f"{artist} {core_title}".strip(),
        f"{core_title} {_words(album)}".strip() if album else "",
        f"{_simplified(artist)} {_simplified(core_title)}".strip(),
    ]
    seen: set[str] = set()
    result = []
    for variant in variants:
        key = variant.lower()
        if len(variant.split()) < 2 or key in seen:
            continue
        seen.add(key)
        result.append(variant)
    return result
